using System.Buffers.Binary;

namespace Translator.UserMode.Abi;

/// <summary>
/// Converts a host <c>struct statx</c> (the same layout on every Linux architecture) into the riscv64
/// <c>struct stat</c> of the asm-generic ABI that fstat and newfstatat return.
/// </summary>
public static class GuestStat
{
    /// <summary>Size of struct statx.</summary>
    public const int StatxSize = 256;

    /// <summary>Size of the riscv64 struct stat.</summary>
    public const int StatSize = 128;

    /// <summary>Size of struct statfs, whose 64-bit layout riscv64 shares with the 64-bit hosts (so it is copied as is).</summary>
    public const int StatfsSize = 120;

    // struct statx offsets.
    private const int XBlockSize = 4, XLinks = 16, XUid = 20, XGid = 24, XMode = 28, XInode = 32, XSize = 40, XBlocks = 48;
    private const int XAccessTime = 64, XChangeTime = 96, XModifyTime = 112;
    private const int XRdevMajor = 128, XRdevMinor = 132, XDevMajor = 136, XDevMinor = 140;
    private const int TimestampNanoseconds = 8;

    // struct stat offsets (riscv64, asm-generic).
    private const int Device = 0, Inode = 8, Mode = 16, Links = 20, Uid = 24, Gid = 28, Rdev = 32, Size = 48;
    private const int BlockSize = 56, Blocks = 64, AccessTime = 72, ModifyTime = 88, ChangeTime = 104;

    /// <summary>Fills <paramref name="stat"/> (<see cref="StatSize"/> bytes) from <paramref name="statx"/>.</summary>
    public static void FromStatx(ReadOnlySpan<byte> statx, Span<byte> stat)
    {
        stat[..StatSize].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(stat[Device..], EncodeDevice(U32(statx, XDevMajor), U32(statx, XDevMinor)));
        BinaryPrimitives.WriteUInt64LittleEndian(stat[Inode..], U64(statx, XInode));
        BinaryPrimitives.WriteUInt32LittleEndian(stat[Mode..], BinaryPrimitives.ReadUInt16LittleEndian(statx[XMode..]));
        BinaryPrimitives.WriteUInt32LittleEndian(stat[Links..], U32(statx, XLinks));
        BinaryPrimitives.WriteUInt32LittleEndian(stat[Uid..], U32(statx, XUid));
        BinaryPrimitives.WriteUInt32LittleEndian(stat[Gid..], U32(statx, XGid));
        BinaryPrimitives.WriteUInt64LittleEndian(stat[Rdev..], EncodeDevice(U32(statx, XRdevMajor), U32(statx, XRdevMinor)));
        BinaryPrimitives.WriteUInt64LittleEndian(stat[Size..], U64(statx, XSize));
        BinaryPrimitives.WriteUInt32LittleEndian(stat[BlockSize..], U32(statx, XBlockSize));
        BinaryPrimitives.WriteUInt64LittleEndian(stat[Blocks..], U64(statx, XBlocks));
        CopyTime(statx, XAccessTime, stat, AccessTime);
        CopyTime(statx, XModifyTime, stat, ModifyTime);
        CopyTime(statx, XChangeTime, stat, ChangeTime);
    }

    /// <summary>stx_size of <paramref name="statx"/>.</summary>
    public static long FileSize(ReadOnlySpan<byte> statx) => (long)U64(statx, XSize);

    /// <summary>The file's identity in <paramref name="statx"/>: its device (major, minor) and inode.</summary>
    public static (ulong Device, ulong Inode) Identity(ReadOnlySpan<byte> statx) =>
        (((ulong)U32(statx, XDevMajor) << 32) | U32(statx, XDevMinor), U64(statx, XInode));

    // The kernel's new_encode_dev: minor's low byte, then major, then minor's upper bits.
    private static ulong EncodeDevice(uint major, uint minor) =>
        (minor & 0xFF) | ((ulong)major << 8) | ((ulong)(minor & ~0xFFu) << 12);

    private static void CopyTime(ReadOnlySpan<byte> statx, int from, Span<byte> stat, int to)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(stat[to..], U64(statx, from));
        BinaryPrimitives.WriteUInt64LittleEndian(stat[(to + 8)..], U32(statx, from + TimestampNanoseconds));
    }

    private static uint U32(ReadOnlySpan<byte> s, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(s[offset..]);

    private static ulong U64(ReadOnlySpan<byte> s, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(s[offset..]);
}
