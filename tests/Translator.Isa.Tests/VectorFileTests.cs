using System.Globalization;
using System.Text;
using Translator.Isa.Tests.Oracle;
using Xunit;

namespace Translator.Isa.Tests;

/// <summary>
/// Vectors/objdump-2.40.txt holds objdump's text for a few words of every form, one case per line
/// (`pc TAB word TAB text`), so the disassembler is checked even where binutils is missing. The file
/// is produced by objdump, never typed: set TRANSLATOR_REGENERATE_VECTORS=1 to rewrite it.
/// </summary>
public class VectorFileTests
{
    private const int WordsPerForm = 3;
    private static readonly string s_path = Path.Combine(TestPaths.Root, "tests", "Translator.Isa.Tests", "Vectors", "objdump-2.40.txt");

    public static TheoryData<int, string, string, string> Vectors()
    {
        var data = new TheoryData<int, string, string, string>();
        string[] lines = File.ReadAllLines(s_path);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i][0] == '#')
                continue;
            string[] parts = lines[i].Split('\t', 3);
            data.Add(i + 1, parts[0], parts[1], parts[2]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void DisassemblyMatchesVector(int line, string pc, string word, string expected)
    {
        uint raw = uint.Parse(word, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        ulong address = ulong.Parse(pc, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var inst = Decoder.Decode(raw);
        Assert.Equal(word.Length / 2, inst.Length);
        Assert.True(expected == Disassembler.Format(inst, address), $"line {line}: {word} expected \"{expected}\", got \"{Disassembler.Format(inst, address)}\"");
    }

    /// <summary>The file must be what objdump prints today (after the documented exceptions).</summary>
    [Fact]
    public void VectorFileIsObjdumpOutput()
    {
        Objdump.RequireTools();
        string fresh = Produce();
        if (Environment.GetEnvironmentVariable("TRANSLATOR_REGENERATE_VECTORS") == "1")
            File.WriteAllText(s_path, fresh);
        Assert.True(File.ReadAllText(s_path) == fresh, "Vectors/objdump-2.40.txt is stale: rerun with TRANSLATOR_REGENERATE_VECTORS=1");
    }

    private static string Produce()
    {
        var random = new RandomWords(0x5EED_2026_0003UL);
        var words = new List<(uint Word, int Length)>();
        foreach (Opcode op in Enum.GetValues<Opcode>())
        {
            var info = InstructionTable.Get(op);
            if (op == Opcode.Invalid)
                continue;
            uint lengthMask = info.Length == 2 ? 0xFFFFu : uint.MaxValue;
            for (int i = 0; i < WordsPerForm; i++)
                words.Add((((random.Next() & ~info.EncodingMask) | info.EncodingMatch) & lengthMask, info.Length));
        }
        foreach (uint word in new uint[] { 0x0000, 0x0004, 0x6101, 0x8002, 0x9c41 })
            words.Add((word, 2));
        foreach (uint word in new uint[] { 0x0000005b, 0xc0001073, 0x0ff0008f, 0x0000100f, 0x0010100f, 0xd2007053, 0x00200073, 0x7b200073, 0x8330000f, 0x0000000f })
            words.Add((word, 4));

        var source = new StringBuilder(".attribute arch, \"" + Objdump.Arch + "\"\n.text\n");
        foreach (var (word, length) in words)
            source.Append($".insn {length}, 0x{word:x}\n");
        var listing = Objdump.AssembleAndDisassemble(source.ToString(), "vectors");
        Assert.Equal(words.Count, listing.Count);

        var text = new StringBuilder();
        text.Append("# Produced by riscv64-unknown-elf-objdump 2.40 -d -M no-aliases (see VectorFileTests); do not edit.\n");
        text.Append("# pc<TAB>word<TAB>text, with the OBJDUMP-EXCEPTIONS.md differences applied.\n");
        foreach (var line in listing)
        {
            string word = line.Length == 2 ? line.Raw.ToString("x4", CultureInfo.InvariantCulture) : line.Raw.ToString("x8", CultureInfo.InvariantCulture);
            text.Append($"{line.Address:x}\t{word}\t{Exceptions.Apply(line.Raw, line.Length, line.Text)}\n");
        }
        return text.ToString();
    }
}
