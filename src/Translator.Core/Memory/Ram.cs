using System.Runtime.CompilerServices;

namespace Translator.Memory;

/// <summary>
/// Guest RAM: one zeroed block of native memory at a physical base address. The block is allocated zeroed, so
/// the operating system commits its pages only when they are first touched and a large RAM costs little until used.
/// </summary>
public sealed unsafe class Ram
{
    // Where RAM goes when the host has the room: below 2 GiB, and less than 2 GiB from the physical base addresses
    // machines use, so that translated code reaches any byte of it as [address register + 32-bit displacement]
    // instead of loading a 64-bit host base first (an instruction less per access, and a simpler address). Above the
    // range mmap's MAP_32BIT allocations (LowAddressBuffer) start from, so that they keep their room.
    private const nint PreferredHost = 0x7F00_0000;
    private readonly LowAddressBuffer _memory; // returned to the host when RAM is collected
    private readonly byte* _pointer;

    /// <summary>Creates RAM of <paramref name="size"/> bytes starting at physical address <paramref name="baseAddress"/>.</summary>
    public Ram(ulong baseAddress, ulong size)
    {
        if (size == 0 || size > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(size), "RAM size must be between 1 byte and 2 GiB");
        Base = baseAddress;
        Size = size;
        _memory = new LowAddressBuffer((int)size, PreferredHost);
        _pointer = _memory.Pointer;
    }

    /// <summary>The physical address of the first byte.</summary>
    public ulong Base { get; }

    /// <summary>The size in bytes.</summary>
    public ulong Size { get; }

    /// <summary>A pointer to the first byte; valid for the life of this object (native memory never moves).</summary>
    public byte* Pointer => _pointer;

    /// <summary>The whole of RAM as a span.</summary>
    public Span<byte> Span => new(_pointer, (int)Size);

    /// <summary>
    /// Zeroes [address, address+length) (page aligned, inside RAM) by handing its pages back to the host, which
    /// gives zero pages again when they are next touched: no cost for pages never touched, and their memory is
    /// uncommitted. Memory the host cannot take back that way is cleared instead.
    /// </summary>
    public void Discard(ulong address, ulong length)
    {
        const ulong HostPage = 4096;
        byte* host = _pointer + (address - Base);
        if (((ulong)host & (HostPage - 1)) != 0 || HostMemory.madvise((nint)host, (nuint)length, HostMemory.DontNeed) != 0)
            new Span<byte>(host, (int)length).Clear();
    }

    /// <summary>Whether [address, address+width) lies entirely in RAM.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(ulong address, int width) => address - Base <= Size - (ulong)width;

    /// <summary>Reads a little-endian value of 1, 2, 4 or 8 bytes; the caller has checked <see cref="Contains"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Read(ulong address, int width) => ReadHost(_pointer + (address - Base), width);

    /// <summary>Writes a little-endian value of 1, 2, 4 or 8 bytes; the caller has checked <see cref="Contains"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ulong address, int width, ulong value) => WriteHost(_pointer + (address - Base), width, value);

    /// <summary>Reads a little-endian value of 1, 2, 4 or 8 bytes at a host address (a RAM page the MMU resolved).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong ReadHost(byte* p, int width) => width switch
    {
        1 => *p,
        2 => Unsafe.ReadUnaligned<ushort>(p),
        4 => Unsafe.ReadUnaligned<uint>(p),
        _ => Unsafe.ReadUnaligned<ulong>(p),
    };

    /// <summary>Writes a little-endian value of 1, 2, 4 or 8 bytes at a host address (a RAM page the MMU resolved).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void WriteHost(byte* p, int width, ulong value)
    {
        switch (width)
        {
            case 1: *p = (byte)value; break;
            case 2: Unsafe.WriteUnaligned(p, (ushort)value); break;
            case 4: Unsafe.WriteUnaligned(p, (uint)value); break;
            default: Unsafe.WriteUnaligned(p, value); break;
        }
    }
}
