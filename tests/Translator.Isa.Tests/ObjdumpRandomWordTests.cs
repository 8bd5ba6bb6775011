using Translator.Isa.Tests.Oracle;
using Xunit;

namespace Translator.Isa.Tests;

/// <summary>Random 32-bit words from a fixed seed, disassembled by us and by objdump.</summary>
public class ObjdumpRandomWordTests
{
    private const int RandomCount = 1_000_000;
    private const int PerForm = 400;

    [Fact]
    public void RandomWordsMatchObjdump()
    {
        Objdump.RequireTools();
        var random = new RandomWords(0x5EED_2026_0001UL);
        var words = new List<uint>(RandomCount);
        while (words.Count < RandomCount)
        {
            // Low bits 11 mark a 32-bit word, unless bits 4..2 are 111 too: that starts a 48-bit or longer instruction.
            uint word = random.Next() | 3;
            if ((word & 0x1F) != 0x1F)
                words.Add(word);
        }
        Compare(words, "random 32-bit words");
    }

    /// <summary>
    /// Uniform random words rarely hit narrow encodings (fence.tso, csr immediates with rare CSRs,
    /// every rounding mode of fnmadd.d...), so each 32-bit form is also filled with random operand bits.
    /// </summary>
    [Fact]
    public void RandomOperandsOfEveryFormMatchObjdump()
    {
        Objdump.RequireTools();
        var random = new RandomWords(0x5EED_2026_0002UL);
        var words = new List<uint>();
        foreach (Opcode op in Enum.GetValues<Opcode>())
        {
            var info = InstructionTable.Get(op);
            if (op == Opcode.Invalid || info.Length != 4)
                continue;
            for (int i = 0; i < PerForm; i++)
                words.Add((random.Next() & ~info.EncodingMask) | info.EncodingMatch);
        }
        Compare(words, "random operands of every 32-bit form");
    }

    private static void Compare(List<uint> words, string what)
    {
        string[] expected = Objdump.DisassembleWords(words, 4);
        var report = new MismatchReport(what);
        for (int i = 0; i < words.Count; i++)
        {
            ulong pc = (ulong)i * 4;
            var inst = Decoder.Decode(words[i]);
            report.Check(words[i], 4, pc, Disassembler.Format(inst, pc), Exceptions.Apply(words[i], 4, expected[i]));
        }
        report.Assert();
    }
}
