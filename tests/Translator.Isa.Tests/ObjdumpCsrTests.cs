using Translator.Isa.Tests.Oracle;
using Xunit;

namespace Translator.Isa.Tests;

/// <summary>Every CSR number in csrrs and csrrwi, so each name in csr.isa (and each unnamed number) is checked.</summary>
public class ObjdumpCsrTests
{
    [Fact]
    public void AllCsrNumbersMatchObjdump()
    {
        Objdump.RequireTools();
        var words = new List<uint>();
        for (uint csr = 0; csr < 4096; csr++)
        {
            words.Add((csr << 20) | (11u << 15) | (2u << 12) | (10u << 7) | 0x73);  // csrrs a0, csr, a1
            words.Add((csr << 20) | (31u << 15) | (5u << 12) | (0u << 7) | 0x73);   // csrrwi zero, csr, 31
        }
        string[] expected = Objdump.DisassembleWords(words, 4);
        var report = new MismatchReport("CSR numbers");
        for (int i = 0; i < words.Count; i++)
        {
            var inst = Decoder.Decode(words[i]);
            report.Check(words[i], 4, (ulong)i * 4, Disassembler.Format(inst, (ulong)i * 4), expected[i]);
        }
        report.Assert();
    }
}
