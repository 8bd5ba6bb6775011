using System.Buffers.Binary;
using System.Text;

namespace Translator.Loading;

/// <summary>
/// Reads an ELF64 little-endian file's section table: the symbols of its .symtab and its executable sections
/// (System V ABI, "Sections" and "Symbol Table"). Read here rather than through a library because every boot of an
/// ELF asks for symbols (HTIF's tohost), and ELFSharp's generic reader over ulong is code RyuJIT compiles first:
/// 13–21 ms of start-up, against well under one for this.
/// </summary>
internal static class ElfSections
{
    // ELF header fields, section header fields and values, symbol fields and values.
    private const int SectionTableOffset = 0x28, SectionEntrySizeOffset = 0x3A, SectionCountOffset = 0x3C, NamesIndexOffset = 0x3E;
    private const int SectionHeaderSize = 64, SymbolSize = 24;
    private const uint ProgBits = 1, SymbolTable = 2;
    private const ulong ExecutableFlag = 0x4;
    private const ushort UndefinedIndex = 0, AbsoluteIndex = 0xFFF1, ExtendedIndex = 0xFFFF;
    private const int SectionSymbol = 3, FileSymbol = 4, FunctionSymbol = 2;

    private readonly record struct Header(uint Name, uint Type, ulong Flags, ulong Address, ulong Offset, ulong Size, uint Link);

    /// <summary>What the sections hold (a class, not a tuple: generic code over it is precompiled).</summary>
    /// <param name="Symbols">Symbols with a name and a section, sorted by address then name.</param>
    /// <param name="Code">The executable PROGBITS sections, in file order.</param>
    public sealed record Contents(IReadOnlyList<ElfSymbol> Symbols, IReadOnlyList<CodeSection> Code);

    /// <summary>Reads the symbols and code sections of the ELF file <paramref name="bytes"/>.</summary>
    /// <exception cref="GuestImageException">The section table, a symbol table or a string table lies outside the file.</exception>
    public static Contents Read(string path, byte[] bytes)
    {
        var file = bytes.AsSpan();
        ulong tableOffset = BinaryPrimitives.ReadUInt64LittleEndian(file[SectionTableOffset..]);
        if (tableOffset == 0)
            return new([], []); // no section table: nothing to read, as for a stripped-down image
        ushort entrySize = BinaryPrimitives.ReadUInt16LittleEndian(file[SectionEntrySizeOffset..]);
        if (entrySize < SectionHeaderSize)
            throw Malformed(path, $"section header size {entrySize}");
        CheckTableFits(path, file, tableOffset, entrySize, 1);
        var first = ReadHeader(file, tableOffset, entrySize, 0);
        // Counts and indexes too big for the ELF header's 16 bits are kept in section 0.
        ulong count = BinaryPrimitives.ReadUInt16LittleEndian(file[SectionCountOffset..]) is var small and not 0 ? small : first.Size;
        uint namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(file[NamesIndexOffset..]) is var names and not ExtendedIndex ? names : first.Link;
        CheckTableFits(path, file, tableOffset, entrySize, count);
        var headers = new Header[count];
        for (ulong i = 0; i < count; i++)
            headers[i] = ReadHeader(file, tableOffset, entrySize, i);
        if (namesIndex >= count && namesIndex != UndefinedIndex)
            throw Malformed(path, $"section name table index {namesIndex} of {count}");
        // SHN_UNDEF: the file has no section names, and every section's name is empty.
        bool named = namesIndex != UndefinedIndex;
        var sectionNames = named ? SectionBytes(path, file, headers[namesIndex]) : [];

        var symbols = new List<ElfSymbol>();
        var code = new List<CodeSection>();
        foreach (var section in headers)
        {
            if (section.Type == SymbolTable)
            {
                if (section.Link >= count)
                    throw Malformed(path, $"symbol string table index {section.Link} of {count}");
                var table = SectionBytes(path, file, section);
                var strings = SectionBytes(path, file, headers[section.Link]);
                for (int at = 0; at + SymbolSize <= table.Length; at += SymbolSize)
                {
                    var entry = table.Slice(at, SymbolSize);
                    int type = entry[4] & 0xF;
                    ushort sectionIndex = BinaryPrimitives.ReadUInt16LittleEndian(entry[6..]);
                    // Undefined and absolute symbols (constants such as vmlinux's PECOFF_SECTION_ALIGNMENT) name no code.
                    if (type is SectionSymbol or FileSymbol || sectionIndex is UndefinedIndex or AbsoluteIndex)
                        continue;
                    string name = Name(path, strings, BinaryPrimitives.ReadUInt32LittleEndian(entry));
                    if (name.Length == 0)
                        continue;
                    symbols.Add(new ElfSymbol(name, BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]), BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]),
                        type == FunctionSymbol));
                }
            }
            if (section.Type == ProgBits && (section.Flags & ExecutableFlag) != 0)
                code.Add(new CodeSection(named ? Name(path, sectionNames, section.Name) : "", section.Address, SectionBytes(path, file, section).ToArray()));
        }
        // By address, then name: aliases (vmlinux's __asm_copy_to_user and __asm_copy_from_user) keep one order.
        symbols.Sort((a, b) => a.Address != b.Address ? a.Address.CompareTo(b.Address) : string.CompareOrdinal(a.Name, b.Name));
        return new(symbols, code);
    }

    private static void CheckTableFits(string path, ReadOnlySpan<byte> file, ulong tableOffset, ushort entrySize, ulong count)
    {
        if (tableOffset > (ulong)file.Length || count > ((ulong)file.Length - tableOffset) / entrySize)
            throw Malformed(path, $"section table at 0x{tableOffset:x} with {count} entries runs past the end");
    }

    // Entry index of a table CheckTableFits has passed.
    private static Header ReadHeader(ReadOnlySpan<byte> file, ulong tableOffset, ushort entrySize, ulong index)
    {
        var h = file.Slice((int)(tableOffset + index * entrySize), SectionHeaderSize);
        return new Header(BinaryPrimitives.ReadUInt32LittleEndian(h), BinaryPrimitives.ReadUInt32LittleEndian(h[4..]),
            BinaryPrimitives.ReadUInt64LittleEndian(h[8..]), BinaryPrimitives.ReadUInt64LittleEndian(h[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(h[24..]), BinaryPrimitives.ReadUInt64LittleEndian(h[32..]),
            BinaryPrimitives.ReadUInt32LittleEndian(h[40..]));
    }

    private static ReadOnlySpan<byte> SectionBytes(string path, ReadOnlySpan<byte> file, Header section)
    {
        if (section.Offset > (ulong)file.Length || section.Size > (ulong)file.Length - section.Offset)
            throw Malformed(path, $"section at offset 0x{section.Offset:x} runs past the end");
        return file.Slice((int)section.Offset, (int)section.Size);
    }

    private static string Name(string path, ReadOnlySpan<byte> strings, uint offset)
    {
        if (offset >= strings.Length)
            throw Malformed(path, $"name offset {offset} past its string table");
        var rest = strings[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
    }

    private static GuestImageException Malformed(string path, string what) => new($"{path}: malformed ELF file ({what})");
}
