using Xunit;
using System.Buffers.Binary;
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Translator.Loading;
using Translator.Testing;

namespace Translator.Tests.Loading;

/// <summary>rvt's own section reader against ELFSharp's, on every guest ELF the suite builds.</summary>
public class ElfSectionsTests
{
    public static TheoryData<string> GuestElves()
    {
        var data = new TheoryData<string>();
        string build = GuestBuild.EnsureBuilt();
        foreach (string folder in new[] { "bench", "tests", "linux" }) // what GuestBuild.EnsureBuilt builds
            foreach (string file in Directory.EnumerateFiles(Path.Combine(build, folder)).Order())
                if (File.ReadAllBytes(file) is [0x7F, (byte)'E', (byte)'L', (byte)'F', _, _, _, _, _, _, _, _, _, _, _, _, 2 or 3, ..]) // programs, not objects
                    data.Add(Path.GetRelativePath(build, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(GuestElves))]
    public void SymbolsAndCodeSectionsMatchElfSharp(string relativePath)
    {
        string path = Path.Combine(GuestBuild.EnsureBuilt(), relativePath);
        var image = ElfImage.Load(path);
        using var elf = ELFReader.Load<ulong>(path);

        var expectedSymbols = new List<ElfSymbol>();
        foreach (var table in elf.Sections.OfType<ISymbolTable>().Where(s => s.Type == SectionType.SymbolTable))
            foreach (var entry in table.Entries.OfType<SymbolEntry<ulong>>())
                if (!string.IsNullOrEmpty(entry.Name) && entry.Type is not (SymbolType.Section or SymbolType.File)
                    && entry.PointedSectionIndex is not (0 or 0xFFF1))
                    expectedSymbols.Add(new ElfSymbol(entry.Name, entry.Value, entry.Size, entry.Type == SymbolType.Function));
        Assert.NotEmpty(image.Symbols);
        Assert.Equal(expectedSymbols.OrderBy(s => s.Address).ThenBy(s => s.Name, StringComparer.Ordinal), image.Symbols);

        var expectedCode = elf.Sections.OfType<Section<ulong>>()
            .Where(s => s.Type == SectionType.ProgBits && (s.Flags & SectionFlags.Executable) != 0).ToList();
        Assert.Equal(expectedCode.Select(s => (s.Name, s.LoadAddress)), image.CodeSections.Select(s => (s.Name, s.Address)));
        for (int i = 0; i < expectedCode.Count; i++)
            Assert.Equal(expectedCode[i].GetContents(), image.CodeSections[i].Contents);
    }

    [Fact]
    public void WithoutSectionNamesCodeSectionsAreUnnamed()
    {
        string source = Path.Combine(GuestBuild.EnsureBuilt(), "linux", "exit_codes");
        byte[] bytes = File.ReadAllBytes(source);
        var named = ElfImage.Load(source);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x3E), 0); // e_shstrndx = SHN_UNDEF
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, bytes);
            var image = ElfImage.Load(path);
            Assert.Equal(named.CodeSections.Select(s => s.Address), image.CodeSections.Select(s => s.Address));
            Assert.All(image.CodeSections, s => Assert.Equal("", s.Name));
            Assert.Equal(named.Symbols, image.Symbols);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SymbolTableLinkedToAMissingStringTableIsOneLineError()
    {
        string source = Path.Combine(GuestBuild.EnsureBuilt(), "linux", "exit_codes");
        byte[] bytes = File.ReadAllBytes(source);
        var (symtab, count) = SymbolTableHeader(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(symtab + 40), 0xFFFF); // sh_link
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, bytes);
            var image = ElfImage.Load(path); // program headers only: still loadable
            var error = Assert.Throws<GuestImageException>(() => image.Symbols);
            Assert.Equal($"{path}: malformed ELF file (symbol string table index 65535 of {count})", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SymbolNamesInAnEmptyStringTableAreOneLineError()
    {
        // Only a missing section name table (SHN_UNDEF) leaves names empty; an empty .strtab is malformed.
        string source = Path.Combine(GuestBuild.EnsureBuilt(), "linux", "exit_codes");
        byte[] bytes = File.ReadAllBytes(source);
        var (symtab, _) = SymbolTableHeader(bytes);
        int table = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(0x28));
        int strtab = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(symtab + 40)); // sh_link
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(table + 64 * strtab + 32), 0); // its sh_size
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, bytes);
            var error = Assert.Throws<GuestImageException>(() => ElfImage.Load(path).Symbols);
            Assert.StartsWith($"{path}: malformed ELF file (name offset ", error.Message);
            Assert.EndsWith(" past its string table)", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    // The byte offset of the .symtab section header (SHT_SYMTAB) in an ELF64 file, and the section count.
    private static (int Offset, int Count) SymbolTableHeader(byte[] bytes)
    {
        int table = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(0x28));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(0x3C));
        int symtab = Enumerable.Range(0, count).First(i => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(table + 64 * i + 4)) == 2);
        return (table + 64 * symtab, count);
    }
}
