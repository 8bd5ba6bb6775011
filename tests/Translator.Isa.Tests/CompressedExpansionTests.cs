using System.Globalization;
using System.Text;
using Translator.Isa.Tests.Oracle;
using Xunit;

namespace Translator.Isa.Tests;

/// <summary>
/// A compressed instruction must decode to exactly what its 32-bit equivalent decodes to. For every
/// 16-bit encoding objdump names, the RVC chapter's expansion rule turns objdump's text into 32-bit
/// assembly; riscv64-unknown-elf-as encodes it (with compression off) and both words are decoded.
/// </summary>
public class CompressedExpansionTests
{
    private static readonly string[] s_loadsAndStores = ["c.fld", "c.lw", "c.ld", "c.fsd", "c.sw", "c.sd", "c.fldsp", "c.lwsp", "c.ldsp", "c.fsdsp", "c.swsp", "c.sdsp"];

    /// <summary>The 32-bit instruction the manual gives for a compressed one, as assembly text.</summary>
    private static string? Expand(string mnemonic, string[] o, long pcOffset)
    {
        if (s_loadsAndStores.Contains(mnemonic))
            return $"{mnemonic[2..].Replace("sp", "", StringComparison.Ordinal)} {o[0]},{o[1]}";
        string rel = pcOffset >= 0 ? $".+{pcOffset}" : $".{pcOffset}";
        return mnemonic switch
        {
            "c.addi4spn" => $"addi {o[0]},{o[1]},{o[2]}",
            "c.addi" => $"addi {o[0]},{o[0]},{o[1]}",
            "c.addiw" => $"addiw {o[0]},{o[0]},{o[1]}",
            "c.li" => $"addi {o[0]},zero,{o[1]}",
            "c.addi16sp" => $"addi sp,sp,{o[1]}",
            "c.lui" => $"lui {o[0]},{o[1]}",
            "c.srli" or "c.srai" or "c.slli" or "c.andi" => $"{mnemonic[2..]} {o[0]},{o[0]},{o[1]}",
            "c.srli64" or "c.srai64" or "c.slli64" => $"{mnemonic[2..6]} {o[0]},{o[0]},0",
            "c.sub" or "c.xor" or "c.or" or "c.and" or "c.subw" or "c.addw" => $"{mnemonic[2..]} {o[0]},{o[0]},{o[1]}",
            "c.j" => $"jal zero,{rel}",
            "c.beqz" => $"beq {o[0]},zero,{rel}",
            "c.bnez" => $"bne {o[0]},zero,{rel}",
            "c.jr" => $"jalr zero,0({o[0]})",
            "c.jalr" => $"jalr ra,0({o[0]})",
            "c.mv" => $"add {o[0]},zero,{o[1]}",
            "c.add" => $"add {o[0]},{o[0]},{o[1]}",
            "c.ebreak" => "ebreak",
            _ => null,
        };
    }

    [Fact]
    public void EveryCompressedInstructionDecodesLikeItsExpansion()
    {
        Objdump.RequireTools();
        var words = new List<uint>();
        for (uint word = 0; word <= 0xFFFF; word++)
        {
            if ((word & 3) != 3)
                words.Add(word);
        }
        string[] texts = Objdump.DisassembleWords(words, 2);

        var compressed = new List<uint>();
        var source = new StringBuilder(".attribute arch, \"" + Objdump.Arch + "\"\n.option norvc\n.text\n");
        for (int i = 0; i < words.Count; i++)
        {
            string text = texts[i];
            if (!text.StartsWith("c.", StringComparison.Ordinal) || text == "c.unimp" || Exceptions.Apply(words[i], 2, text) != text)
                continue;
            int tab = text.IndexOf('\t');
            string mnemonic = tab < 0 ? text : text[..tab];
            string[] operands = tab < 0 ? [] : text[(tab + 1)..].Split(',');
            long offset = 0;
            if (mnemonic is "c.j" or "c.beqz" or "c.bnez")
                offset = (long)ulong.Parse(operands[^1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) - i * 2L;
            string? expanded = Expand(mnemonic, operands, offset);
            Assert.True(expanded != null, $"no expansion rule for objdump's '{text}'");
            compressed.Add(words[i]);
            source.Append(expanded).Append('\n');
        }

        var listing = Objdump.AssembleAndDisassemble(source.ToString(), "expansions");
        Assert.Equal(compressed.Count, listing.Count);
        var failures = new StringBuilder();
        int failed = 0;
        for (int i = 0; i < compressed.Count; i++)
        {
            var small = Decoder.Decode(compressed[i]);
            var full = Decoder.Decode(listing[i].Raw);
            Assert.Equal(4, listing[i].Length);
            bool same = small.Length == 2 && small.Form != Opcode.Invalid && small.Opcode == full.Opcode && full.Opcode != Opcode.Invalid
                && small.Rd == full.Rd && small.Rs1 == full.Rs1 && small.Rs2 == full.Rs2 && small.Rs3 == full.Rs3
                && small.Imm == full.Imm && small.Rm == full.Rm && small.Csr == full.Csr
                && InstructionTable.Get(small.Form).ExpandsTo == small.Opcode;
            if (!same && failed++ < 50)
            {
                failures.Append($"  {compressed[i]:x4} ({Disassembler.Format(small, 0)}) -> {small.Opcode} rd={small.Rd} rs1={small.Rs1} rs2={small.Rs2} imm={small.Imm}; ")
                    .Append($"{listing[i].Raw:x8} ({listing[i].Text}) -> {full.Opcode} rd={full.Rd} rs1={full.Rs1} rs2={full.Rs2} imm={full.Imm}\n");
            }
        }
        Assert.True(failed == 0, $"{failed} of {compressed.Count} compressed instructions decode unlike their expansion:\n{failures}");
        Assert.True(compressed.Count > 40_000);
    }

    [Theory]
    [InlineData(0x0000u)]        // c.unimp: defined illegal
    [InlineData(0x0004u)]        // c.addi4spn with nzuimm=0
    [InlineData(0x6101u)]        // c.addi16sp with nzimm=0
    [InlineData(0x6501u)]        // c.lui with nzimm=0
    [InlineData(0x4002u)]        // c.lwsp with rd=0
    [InlineData(0x6002u)]        // c.ldsp with rd=0
    [InlineData(0x8002u)]        // c.jr with rs1=0
    [InlineData(0x2001u)]        // c.addiw with rd=0
    [InlineData(0x9c41u)]        // c.subw/c.addw space with 6..5=2: reserved
    [InlineData(0x8000u)]        // quadrant 0, funct3=100: reserved
    public void ReservedCompressedEncodingsAreInvalid(uint word)
    {
        var inst = Decoder.Decode(word);
        Assert.Equal(Opcode.Invalid, inst.Opcode);
        Assert.Equal(2, inst.Length);
        Assert.Equal(word, inst.Raw);
    }

    [Fact]
    public void CompressedFormKeepsTheMatchedEntry()
    {
        var inst = Decoder.Decode(0x0505);  // c.addi a0,1
        Assert.Equal(Opcode.Addi, inst.Opcode);
        Assert.Equal(Opcode.CAddi, inst.Form);
        Assert.Equal(Opcode.CUnimp, Decoder.Decode(0x0000).Form);
        Assert.Equal(Opcode.Invalid, Decoder.Decode(0x0004).Form);
        Assert.True(InstructionTable.Get(Opcode.CAddi).Has(InstructionFlags.Compressed));
        Assert.Equal(Extension.C, InstructionTable.Get(Opcode.CLw).Extension);
        Assert.Equal(4, InstructionTable.Get(Opcode.CLw).MemoryWidth);
        Assert.True(InstructionTable.Get(Opcode.CLw).MemorySigned);
    }
}
