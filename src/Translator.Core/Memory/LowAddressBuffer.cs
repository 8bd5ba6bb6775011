using System.Runtime.InteropServices;

namespace Translator.Memory;

/// <summary>
/// Zeroed native memory placed below 2 GiB where the host allows it (Linux on x86-64, with mmap's MAP_32BIT), so
/// that translated code can reach it through a 32-bit displacement instead of loading a 64-bit constant first;
/// elsewhere ordinary native memory. Freed when its owner is collected.
/// </summary>
public sealed unsafe partial class LowAddressBuffer
{
    private const int ProtectionReadWrite = 0x1 | 0x2, MapPrivate = 0x2, MapAnonymous = 0x20, Map32Bit = 0x40;
    private readonly bool _mapped;

    /// <summary>Allocates <paramref name="length"/> zeroed bytes.</summary>
    public LowAddressBuffer(int length)
    {
        Length = length;
        if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            nint mapped = mmap(0, (nuint)length, ProtectionReadWrite, MapPrivate | MapAnonymous | Map32Bit, -1, 0);
            if (mapped != -1)
            {
                Pointer = (byte*)mapped;
                _mapped = true;
                return;
            }
        }
        Pointer = (byte*)NativeMemory.AllocZeroed((nuint)length);
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

    /// <summary>
    /// Maps <paramref name="length"/> zeroed bytes at exactly <paramref name="address"/> if the host allows it there
    /// (Linux: nothing else mapped in the range); else null. Pages are committed when first touched.
    /// </summary>
    internal static byte* TryMapAt(nint address, nuint length)
    {
        const int MapFixedNoReplace = 0x100000, MapNoReserve = 0x4000;
        if (!OperatingSystem.IsLinux())
            return null;
        nint mapped = mmap(address, length, ProtectionReadWrite, MapPrivate | MapAnonymous | MapNoReserve | MapFixedNoReplace, -1, 0);
        if (mapped == -1)
            return null;
        if (mapped != address) // a kernel before 4.17 took the address as a hint only
        {
            _ = munmap(mapped, length);
            return null;
        }
        return (byte*)mapped;
    }

    /// <summary>Unmaps what <see cref="TryMapAt"/> mapped.</summary>
    internal static void Unmap(byte* pointer, nuint length) => _ = munmap((nint)pointer, length);

    [LibraryImport("libc")]
    private static partial nint mmap(nint address, nuint length, int protection, int flags, int file, nint offset);

    [LibraryImport("libc")]
    private static partial int munmap(nint address, nuint length);
}
