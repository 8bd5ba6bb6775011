using System.Buffers.Binary;
using Translator.Loading;

namespace Translator.UserMode.Loading;

/// <summary>
/// What the auxiliary vector says about the program headers: where the table is in the file, its entry size and
/// count, and the program's segments as (type, file offset, virtual address, file size). Read from the ELF header
/// directly because <see cref="ElfImage"/> keeps only the loadable contents.
/// </summary>
public sealed record ProgramHeaders(ulong TableOffset, ulong EntrySize, ulong Count, IReadOnlyList<(uint Type, ulong Offset, ulong VirtualAddress, ulong FileSize)> Entries)
{
    /// <summary>PT_LOAD.</summary>
    public const uint Load = 1;
    /// <summary>PT_PHDR: the table's own place in memory.</summary>
    public const uint Phdr = 6;

    // ELF64 header and program header field offsets.
    private const int PhoffOffset = 32, PhentsizeOffset = 54, PhnumOffset = 56;
    private const int TypeOffset = 0, OffsetOffset = 8, VaddrOffset = 16, FileszOffset = 32;

    /// <summary>Reads the table of an ELF file already validated by <see cref="ElfImage"/>.</summary>
    public static ProgramHeaders Read(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        var span = file.AsSpan();
        ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(span[PhoffOffset..]);
        ulong size = BinaryPrimitives.ReadUInt16LittleEndian(span[PhentsizeOffset..]);
        ulong count = BinaryPrimitives.ReadUInt16LittleEndian(span[PhnumOffset..]);
        var entries = new List<(uint, ulong, ulong, ulong)>();
        for (ulong i = 0; i < count; i++)
        {
            ulong at = offset + i * size;
            if (at + size > (ulong)file.Length)
                throw new GuestImageException($"{path}: truncated ELF file (program header {i} runs past the end)");
            var entry = span[(int)at..];
            entries.Add((BinaryPrimitives.ReadUInt32LittleEndian(entry[TypeOffset..]), BinaryPrimitives.ReadUInt64LittleEndian(entry[OffsetOffset..]),
                BinaryPrimitives.ReadUInt64LittleEndian(entry[VaddrOffset..]), BinaryPrimitives.ReadUInt64LittleEndian(entry[FileszOffset..])));
        }
        return new ProgramHeaders(offset, size, count, entries);
    }

    /// <summary>The table's address in the loaded image (before the load bias), or 0 if no segment holds it.</summary>
    public ulong TableAddress()
    {
        foreach (var e in Entries)
        {
            if (e.Type == Phdr)
                return e.VirtualAddress;
        }
        foreach (var e in Entries)
        {
            if (e.Type == Load && TableOffset >= e.Offset && TableOffset + EntrySize * Count <= e.Offset + e.FileSize)
                return e.VirtualAddress + (TableOffset - e.Offset);
        }
        return 0;
    }
}
