using Translator.Isa.Tests.Oracle;
using Xunit;

namespace Translator.Isa.Tests;

/// <summary>
/// Slot values for 32-bit instructions, each encoded by riscv64-unknown-elf-as from assembly text:
/// scattered immediates, pre-shifted lui/auipc, csr immediates in Rs1, fence bits, rounding modes, aq/rl.
/// </summary>
public class DecodedFieldTests
{
    public sealed record Case(string Assembly, Opcode Opcode, int Rd, int Rs1, int Rs2, int Rs3, int Rm, long Imm, int Csr, bool Aq = false, bool Rl = false);

    private static readonly Case[] s_cases =
    [
        new("lui a0,0xfffff", Opcode.Lui, 10, 0, 0, 0, 0, -4096, 0),
        new("lui t6,0x7ffff", Opcode.Lui, 31, 0, 0, 0, 0, 0x7ffff000, 0),
        new("auipc ra,0x80000", Opcode.Auipc, 1, 0, 0, 0, 0, -0x80000000L, 0),
        new("jal ra,.-1048576", Opcode.Jal, 1, 0, 0, 0, 0, -1048576, 0),
        new("jal zero,.+1048574", Opcode.Jal, 0, 0, 0, 0, 0, 1048574, 0),
        new("beq a0,a1,.-4096", Opcode.Beq, 0, 10, 11, 0, 0, -4096, 0),
        new("bgeu t0,t1,.+4094", Opcode.Bgeu, 0, 5, 6, 0, 0, 4094, 0),
        new("jalr t0,-2048(sp)", Opcode.Jalr, 5, 2, 0, 0, 0, -2048, 0),
        new("sd s11,-1(a5)", Opcode.Sd, 0, 15, 27, 0, 0, -1, 0),
        new("sb a0,2047(a1)", Opcode.Sb, 0, 11, 10, 0, 0, 2047, 0),
        new("lhu a2,-2048(a3)", Opcode.Lhu, 12, 13, 0, 0, 0, -2048, 0),
        new("slli a0,a1,63", Opcode.Slli, 10, 11, 0, 0, 0, 63, 0),
        new("srai a0,a1,33", Opcode.Srai, 10, 11, 0, 0, 0, 33, 0),
        new("sraiw a0,a1,31", Opcode.Sraiw, 10, 11, 0, 0, 0, 31, 0),
        new("rori a0,a1,45", Opcode.Rori, 10, 11, 0, 0, 0, 45, 0),
        new("bexti a0,a1,63", Opcode.Bexti, 10, 11, 0, 0, 0, 63, 0),
        new("slli.uw a0,a1,40", Opcode.SlliUw, 10, 11, 0, 0, 0, 40, 0),
        new("csrrwi a0,mstatus,17", Opcode.Csrrwi, 10, 17, 0, 0, 0, 0, 0x300),
        new("csrrc t0,0xfff,t1", Opcode.Csrrc, 5, 6, 0, 0, 0, 0, 0xfff),
        new("fence rw,w", Opcode.Fence, 0, 0, 0, 0, 0, 0x031, 0),
        new("fence iorw,iorw", Opcode.Fence, 0, 0, 0, 0, 0, 0x0ff, 0),
        new("fence.tso", Opcode.FenceTso, 0, 0, 0, 0, 0, 0x833, 0),
        new("fmadd.d fa0,fa1,fa2,fa3,rtz", Opcode.FmaddD, 10, 11, 12, 13, 1, 0, 0),
        new("fnmsub.s ft0,ft1,ft2,ft11", Opcode.FnmsubS, 0, 1, 2, 31, 7, 0, 0),
        new("fcvt.l.d a0,fa0,rmm", Opcode.FcvtLD, 10, 10, 0, 0, 4, 0, 0),
        new("fcvt.d.w fa0,a0", Opcode.FcvtDW, 10, 10, 0, 0, 0, 0, 0),
        new("fmv.x.w a0,ft3", Opcode.FmvXW, 10, 3, 0, 0, 0, 0, 0),
        new("fsd fs11,-8(sp)", Opcode.Fsd, 0, 2, 27, 0, 0, -8, 0),
        new("amoswap.d.aq a0,a1,(a2)", Opcode.AmoswapD, 10, 12, 11, 0, 0, 0, 0, Aq: true),
        new("sc.w.rl a0,a1,(a2)", Opcode.ScW, 10, 12, 11, 0, 0, 0, 0, Rl: true),
        new("lr.d.aqrl a0,(a2)", Opcode.LrD, 10, 12, 0, 0, 0, 0, 0, Aq: true, Rl: true),
        new("sfence.vma a0,a1", Opcode.SfenceVma, 0, 10, 11, 0, 0, 0, 0),
        new("sh3add.uw a0,a1,a2", Opcode.Sh3addUw, 10, 11, 12, 0, 0, 0, 0),
        new("zext.h a0,a1", Opcode.ZextH, 10, 11, 0, 0, 0, 0, 0),
        new("rev8 a0,a1", Opcode.Rev8, 10, 11, 0, 0, 0, 0, 0),
    ];

    public static TheoryData<int> Indexes()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < s_cases.Length; i++)
            data.Add(i);
        return data;
    }

    private static readonly Lazy<IReadOnlyList<ObjdumpLine>> s_assembled = new(() =>
    {
        Objdump.RequireTools();
        string source = ".attribute arch, \"" + Objdump.Arch + "\"\n.option norvc\n.text\n" + string.Join("\n", s_cases.Select(c => c.Assembly)) + "\n";
        return Objdump.AssembleAndDisassemble(source, "fields");
    });

    [Theory]
    [MemberData(nameof(Indexes))]
    public void SlotsMatchTheAssembledInstruction(int index)
    {
        var expected = s_cases[index];
        var line = s_assembled.Value[index];
        var inst = Decoder.Decode(line.Raw);
        string where = $"{expected.Assembly} = {line.Raw:x8}";
        Assert.True(expected.Opcode == inst.Opcode, $"{where}: opcode {inst.Opcode}");
        Assert.Equal(expected.Opcode, inst.Form);
        Assert.Equal(4, inst.Length);
        Assert.Equal(line.Raw, inst.Raw);
        Assert.Equal((expected.Rd, expected.Rs1, expected.Rs2, expected.Rs3), (inst.Rd, inst.Rs1, inst.Rs2, inst.Rs3));
        Assert.Equal(expected.Rm, inst.Rm);
        Assert.Equal(expected.Imm, inst.Imm);
        Assert.Equal(expected.Csr, inst.Csr);
        Assert.Equal((expected.Aq, expected.Rl), (inst.Aq, inst.Rl));
    }
}
