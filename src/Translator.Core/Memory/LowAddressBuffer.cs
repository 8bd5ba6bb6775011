using System.Runtime.InteropServices;

namespace Translator.Memory;

/// <summary>
/// Zeroed native memory placed low where the host allows it, so that translated code can reach it through a 32-bit
/// displacement instead of loading a 64-bit constant first: at a given address, or else anywhere below 2 GiB (Linux
/// on x86-64, with mmap's MAP_32BIT); elsewhere ordinary native memory. Pages are committed when first touched.
/// Freed when its owner is collected.
/// </summary>
public sealed unsafe partial class LowAddressBuffer
{
    private const int ProtectionReadWrite = 0x1 | 0x2, MapPrivate = 0x2, MapAnonymous = 0x20, Map32Bit = 0x40,
        MapNoReserve = 0x4000, MapFixedNoReplace = 0x100000;
    private const nint Failed = -1; // mmap's MAP_FAILED
    private readonly bool _mapped;

    /// <summary>Allocates <paramref name="length"/> zeroed bytes below 2 GiB where the host allows.</summary>
    public LowAddressBuffer(int length)
    {
        Length = length;
        nint mapped = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64
            ? mmap(0, (nuint)length, ProtectionReadWrite, MapPrivate | MapAnonymous | Map32Bit, -1, 0)
            : Failed;
        Pointer = MappedOrNative(mapped, length, out _mapped);
    }

    /// <summary>
    /// Allocates <paramref name="length"/> zeroed bytes at exactly <paramref name="address"/> if nothing else is mapped
    /// in that range (Linux), else ordinary native memory (not below 2 GiB: that room is left to the small tables).
    /// </summary>
    public LowAddressBuffer(int length, nint address)
    {
        Length = length;
        nint mapped = Failed;
        if (OperatingSystem.IsLinux())
        {
            mapped = mmap(address, (nuint)length, ProtectionReadWrite, MapPrivate | MapAnonymous | MapNoReserve | MapFixedNoReplace, -1, 0);
            if (mapped != Failed && mapped != address) // a kernel before 4.17 took the address as a hint only
            {
                _ = munmap(mapped, (nuint)length);
                mapped = Failed;
            }
        }
        Pointer = MappedOrNative(mapped, length, out _mapped);
    }

    // The mapping, else (it failed) ordinary zeroed native memory; isMapping says which, for the finalizer.
    private static byte* MappedOrNative(nint mapped, int length, out bool isMapping)
    {
        isMapping = mapped != Failed;
        return isMapping ? (byte*)mapped : (byte*)NativeMemory.AllocZeroed((nuint)length);
    }

    /// <summary>Returns the memory to the host.</summary>
    ~LowAddressBuffer()
    {
        if (_mapped)
            _ = munmap((nint)Pointer, (nuint)Length);
        else
            NativeMemory.Free(Pointer);
    }

    /// <summary>The first byte.</summary>
    public byte* Pointer { get; }

    /// <summary>The size in bytes.</summary>
    public int Length { get; }

    /// <summary>The bytes.</summary>
    public Span<byte> Bytes => new(Pointer, Length);

    [LibraryImport("libc")]
    private static partial nint mmap(nint address, nuint length, int protection, int flags, int file, nint offset);

    [LibraryImport("libc")]
    private static partial int munmap(nint address, nuint length);
}
