using System.Buffers.Binary;
using ELFSharp.ELF.Segments;

namespace Translator.Loading;

/// <summary>One entry of an ELF program header table.</summary>
/// <param name="Type">p_type (<see cref="ProgramHeaders.Load"/>, <see cref="ProgramHeaders.Interpreter"/>, ...).</param>
/// <param name="Flags">p_flags: read, write and execute.</param>
/// <param name="Offset">p_offset: where the contents start in the file.</param>
/// <param name="VirtualAddress">p_vaddr.</param>
/// <param name="PhysicalAddress">p_paddr.</param>
/// <param name="FileSize">p_filesz.</param>
/// <param name="MemorySize">p_memsz.</param>
public readonly record struct ProgramHeader(uint Type, SegmentFlags Flags, ulong Offset, ulong VirtualAddress, ulong PhysicalAddress,
    ulong FileSize, ulong MemorySize);

/// <summary>
/// An ELF file's program header table: where it is in the file, its entry size and count (the auxiliary vector
/// passes these on), and its entries. Read straight from the bytes: it is all a loader needs.
/// </summary>
public sealed record ProgramHeaders(ulong TableOffset, ulong EntrySize, ProgramHeader[] Entries)
{
    /// <summary>The number of entries (e_phnum).</summary>
    public ulong Count => (ulong)Entries.Length;

    /// <summary>PT_LOAD.</summary>
    public const uint Load = 1;
    /// <summary>PT_INTERP: the path of a dynamic linker.</summary>
    public const uint Interpreter = 3;
    /// <summary>PT_PHDR: the table's own place in memory.</summary>
    public const uint Phdr = 6;

    // ELF64 header fields, and the part of an entry that holds the fields above.
    private const int PhoffOffset = 32, PhentsizeOffset = 54, PhnumOffset = 56;
    private const int EntryFieldsSize = 56;

    /// <summary>Reads the table of the ELF64 file <paramref name="file"/>, whose header has been checked.</summary>
    /// <exception cref="GuestImageException">The table or an entry runs past the end of the file.</exception>
    public static ProgramHeaders Read(string path, ReadOnlySpan<byte> file)
    {
        ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(file[PhoffOffset..]);
        ulong size = BinaryPrimitives.ReadUInt16LittleEndian(file[PhentsizeOffset..]);
        ulong count = BinaryPrimitives.ReadUInt16LittleEndian(file[PhnumOffset..]);
        if (count > 0 && size < EntryFieldsSize)
            throw new GuestImageException($"{path}: malformed ELF file (program header entries of {size} bytes)");
        // An array: a list of this struct would be generic code that start-up has to compile.
        var entries = new ProgramHeader[count]; // count is 16 bits
        for (ulong i = 0; i < count; i++)
        {
            ulong at = offset + i * size;
            if (at > (ulong)file.Length || size > (ulong)file.Length - at)
                throw new GuestImageException($"{path}: truncated ELF file (program header {i} runs past the end)");
            var entry = file[(int)at..];
            entries[i] = new ProgramHeader(
                BinaryPrimitives.ReadUInt32LittleEndian(entry),
                (SegmentFlags)BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]),
                BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(entry[24..]),
                BinaryPrimitives.ReadUInt64LittleEndian(entry[32..]),
                BinaryPrimitives.ReadUInt64LittleEndian(entry[40..]));
        }
        return new ProgramHeaders(offset, size, entries);
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
