using Xunit;

namespace Translator.Isa.Tests;

/// <summary>The per-opcode facts later stages rely on.</summary>
public class MetadataTests
{
    [Theory]
    [InlineData(Opcode.Beq)]
    [InlineData(Opcode.Bgeu)]
    [InlineData(Opcode.Jal)]
    [InlineData(Opcode.Jalr)]
    [InlineData(Opcode.Ecall)]
    [InlineData(Opcode.Ebreak)]
    [InlineData(Opcode.Mret)]
    [InlineData(Opcode.Sret)]
    [InlineData(Opcode.Wfi)]
    [InlineData(Opcode.SfenceVma)]
    [InlineData(Opcode.FenceI)]
    [InlineData(Opcode.Csrrw)]
    [InlineData(Opcode.Csrrs)]
    [InlineData(Opcode.Csrrc)]
    [InlineData(Opcode.Csrrwi)]
    [InlineData(Opcode.Csrrsi)]
    [InlineData(Opcode.Csrrci)]
    [InlineData(Opcode.CJ)]
    [InlineData(Opcode.CJr)]
    [InlineData(Opcode.CJalr)]
    [InlineData(Opcode.CBeqz)]
    [InlineData(Opcode.CEbreak)]
    public void EndsBlock(Opcode op) => Assert.True(InstructionTable.Get(op).Has(InstructionFlags.EndsBlock), op.ToString());

    [Fact]
    public void OnlyControlFlowSystemAndCsrInstructionsEndBlocks()
    {
        foreach (Opcode op in Enum.GetValues<Opcode>())
        {
            var info = InstructionTable.Get(op);
            if (!info.Has(InstructionFlags.EndsBlock))
                continue;
            var reason = InstructionFlags.Branch | InstructionFlags.Jump | InstructionFlags.Csr | InstructionFlags.Privileged | InstructionFlags.Fence;
            Assert.True((info.Flags & reason) != 0 || op is Opcode.Ecall or Opcode.Ebreak or Opcode.CEbreak, $"{op} ends a block for no listed reason");
        }
        Assert.False(InstructionTable.Get(Opcode.Fence).Has(InstructionFlags.EndsBlock));
        Assert.False(InstructionTable.Get(Opcode.Addi).Has(InstructionFlags.EndsBlock));
    }

    [Theory]
    [InlineData(Opcode.Lb, InstructionFlags.Load, 1, true)]
    [InlineData(Opcode.Lbu, InstructionFlags.Load, 1, false)]
    [InlineData(Opcode.Lh, InstructionFlags.Load, 2, true)]
    [InlineData(Opcode.Lhu, InstructionFlags.Load, 2, false)]
    [InlineData(Opcode.Lw, InstructionFlags.Load, 4, true)]
    [InlineData(Opcode.Lwu, InstructionFlags.Load, 4, false)]
    [InlineData(Opcode.Ld, InstructionFlags.Load, 8, true)]
    [InlineData(Opcode.Flw, InstructionFlags.Load, 4, true)]
    [InlineData(Opcode.Fld, InstructionFlags.Load, 8, true)]
    [InlineData(Opcode.Sb, InstructionFlags.Store, 1, false)]
    [InlineData(Opcode.Sd, InstructionFlags.Store, 8, false)]
    [InlineData(Opcode.Fsw, InstructionFlags.Store, 4, false)]
    [InlineData(Opcode.LrW, InstructionFlags.Load | InstructionFlags.Amo, 4, true)]
    [InlineData(Opcode.ScD, InstructionFlags.Store | InstructionFlags.Amo, 8, false)]
    [InlineData(Opcode.AmoaddW, InstructionFlags.Load | InstructionFlags.Store | InstructionFlags.Amo, 4, true)]
    [InlineData(Opcode.AmomaxuD, InstructionFlags.Load | InstructionFlags.Store | InstructionFlags.Amo, 8, true)]
    [InlineData(Opcode.CLwsp, InstructionFlags.Load | InstructionFlags.Compressed, 4, true)]
    [InlineData(Opcode.CFsd, InstructionFlags.Store | InstructionFlags.Compressed | InstructionFlags.FloatingPoint, 8, false)]
    public void MemoryAccesses(Opcode op, InstructionFlags flags, int width, bool signed)
    {
        var info = InstructionTable.Get(op);
        Assert.True(info.Has(flags), $"{op}: {info.Flags}");
        Assert.Equal(width, info.MemoryWidth);
        Assert.Equal(signed, info.MemorySigned);
    }

    [Fact]
    public void PrivilegeAndRoundingMode()
    {
        Assert.Equal(PrivilegeLevel.Machine, InstructionTable.Get(Opcode.Mret).Privilege);
        Assert.Equal(PrivilegeLevel.Supervisor, InstructionTable.Get(Opcode.Sret).Privilege);
        Assert.Equal(PrivilegeLevel.Supervisor, InstructionTable.Get(Opcode.SfenceVma).Privilege);
        Assert.True(InstructionTable.Get(Opcode.Wfi).Has(InstructionFlags.Privileged));
        Assert.Equal(PrivilegeLevel.User, InstructionTable.Get(Opcode.Ecall).Privilege);
        Assert.True(InstructionTable.Get(Opcode.FmaddD).Has(InstructionFlags.HasRoundingMode | InstructionFlags.FloatingPoint));
        Assert.True(InstructionTable.Get(Opcode.FcvtWS).Has(InstructionFlags.HasRoundingMode));
        Assert.False(InstructionTable.Get(Opcode.FsgnjS).Has(InstructionFlags.HasRoundingMode));
        Assert.False(InstructionTable.Get(Opcode.FmvXD).Has(InstructionFlags.HasRoundingMode));
        Assert.Equal(Extension.Zbb, InstructionTable.Get(Opcode.Rev8).Extension);
        Assert.Equal("sh1add.uw", InstructionTable.Get(Opcode.Sh1addUw).Mnemonic);
        Assert.Equal("invalid", InstructionTable.Get(Opcode.Invalid).Mnemonic);
        Assert.Equal("invalid", InstructionTable.Get((Opcode)60000).Mnemonic);
    }

    [Fact]
    public void EveryOpcodeHasAnEntryAndCompressedFormsExpandTo32BitOpcodes()
    {
        var all = Enum.GetValues<Opcode>();
        Assert.Equal(InstructionTable.Count, all.Length);
        foreach (Opcode op in all.Where(o => o != Opcode.Invalid))
        {
            var info = InstructionTable.Get(op);
            Assert.Equal(op.ToString().ToLowerInvariant(), info.Mnemonic.Replace(".", "", StringComparison.Ordinal));
            if (info.Length == 2 && info.ExpandsTo != Opcode.Invalid)
                Assert.Equal(4, InstructionTable.Get(info.ExpandsTo).Length);
        }
    }

    [Fact]
    public void FormatRejectsATooShortDestination()
    {
        var inst = Decoder.Decode(0x0605352f);
        Assert.Throws<ArgumentException>(() => Disassembler.Format(inst, 0, new char[5]));
        Assert.Equal("amoadd.d.aqrl\ta0,zero,(a0)", inst.ToString());
    }

    [Fact]
    public void LengthFollowsTheLowTwoBits()
    {
        for (uint word = 0; word < 0x10000; word += 7)
            Assert.Equal(Decoder.GetLength(word), Decoder.Decode(word | 0xABCD0000u).Length);
        Assert.Equal(2, Decoder.Decode(0xFFFF0001u).Length);
        Assert.Equal(0x0001u, Decoder.Decode(0xFFFF0001u).Raw);
    }
}
