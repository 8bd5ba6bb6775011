using System.Runtime.InteropServices;

namespace Translator.Memory;

/// <summary>
/// Zeroed native memory placed low where the host allows it, so that translated code can reach it through a 32-bit
/// displacement instead of loading a 64-bit constant first: at a given address, or else anywhere below 2 GiB (Linux
/// on x86-64, with mmap's MAP_32BIT); elsewhere ordinary native memory. Pages are committed when first touched.
/// Freed when its owner is collected.
/// </summary>
public sealed unsafe class LowAddressBuffer
{
    private const int ProtectionReadWrite = HostMemory.Read | HostMemory.Write;
    private const nint Failed = HostMemory.Failed;
    private readonly bool _mapped;

    /// <summary>Allocates <paramref name="length"/> zeroed bytes below 2 GiB where the host allows.</summary>
    public LowAddressBuffer(int length)
    {
        Length = length;
        nint mapped = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64
            ? HostMemory.mmap(0, (nuint)length, ProtectionReadWrite, HostMemory.Private | HostMemory.Anonymous | HostMemory.Map32Bit, -1, 0)
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
            mapped = HostMemory.mmap(address, (nuint)length, ProtectionReadWrite,
                HostMemory.Private | HostMemory.Anonymous | HostMemory.NoReserve | HostMemory.FixedNoReplace, -1, 0);
            if (mapped != Failed && mapped != address) // a kernel before 4.17 took the address as a hint only
            {
                _ = HostMemory.munmap(mapped, (nuint)length);
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
            _ = HostMemory.munmap((nint)Pointer, (nuint)Length);
        else
            NativeMemory.Free(Pointer);
    }

    /// <summary>The first byte.</summary>
    public byte* Pointer { get; }

    /// <summary>The size in bytes.</summary>
    public int Length { get; }

    /// <summary>The bytes.</summary>
    public Span<byte> Bytes => new(Pointer, Length);
}
