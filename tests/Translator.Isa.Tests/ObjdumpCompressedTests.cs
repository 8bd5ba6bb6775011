using Translator.Isa.Tests.Oracle;
using Xunit;

namespace Translator.Isa.Tests;

/// <summary>Every 16-bit encoding, disassembled by us and by objdump.</summary>
public class ObjdumpCompressedTests
{
    [Fact]
    public void AllCompressedEncodingsMatchObjdump()
    {
        Objdump.RequireTools();
        var words = new List<uint>();
        for (uint word = 0; word <= 0xFFFF; word++)
        {
            if ((word & 3) != 3)
                words.Add(word);
        }
        string[] expected = Objdump.DisassembleWords(words, 2);
        var report = new MismatchReport("16-bit encodings");
        for (int i = 0; i < words.Count; i++)
        {
            ulong pc = (ulong)i * 2;
            var inst = Decoder.Decode(words[i]);
            Assert.Equal(2, inst.Length);
            report.Check(words[i], 2, pc, Disassembler.Format(inst, pc), Exceptions.Apply(words[i], 2, expected[i]));
        }
        report.Assert();
    }
}
