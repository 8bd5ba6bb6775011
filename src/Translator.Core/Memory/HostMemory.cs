using System.Runtime.InteropServices;

namespace Translator.Memory;

/// <summary>The host's mmap, munmap and madvise (Linux), with the flag values rvt uses.</summary>
internal static partial class HostMemory
{
    public const int Read = 0x1, Write = 0x2;
    public const int Shared = 0x1, Private = 0x2, Fixed = 0x10, Anonymous = 0x20, Map32Bit = 0x40, NoReserve = 0x4000, FixedNoReplace = 0x100000;

    /// <summary>mmap's MAP_FAILED.</summary>
    public const nint Failed = -1;

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint mmap(nint address, nuint length, int protection, int flags, int file, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int munmap(nint address, nuint length);

    /// <summary>madvise's MADV_DONTNEED: private anonymous pages are dropped and read back as zero.</summary>
    public const int DontNeed = 4;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int madvise(nint address, nuint length, int advice);
}
