using Translator.Hart;
using Xunit;

namespace Translator.Tests.Engines;

/// <summary>Zicsr read/write rules and the counters.</summary>
public sealed class CsrTests
{
    private const ulong Illegal = (ulong)ExceptionCause.IllegalInstruction;

    [Fact]
    public void ReadOnlyCsrIsReadableWithNonWritingForms()
    {
        var rig = GuestRig.Execute("""
            csrr a0, mvendorid
            csrrs a1, mhartid, x0
            csrrsi a2, mimpid, 0
            csrrci a3, marchid, 0
            li a4, 1
            """);
        Assert.Equal(GuestRig.NoTrap, rig.X(GuestRig.Mcause));
        Assert.Equal(1UL, rig["a4"]);
    }

    [Theory]
    [InlineData("csrw mvendorid, t1")]           // csrrw to a read-only CSR
    [InlineData("csrrs a0, mvendorid, t1")]      // rs1 != x0 writes even when t1 is 0
    [InlineData("csrrsi a0, mhartid, 1")]
    [InlineData("csrr a0, 0x7c0")]               // no such CSR
    [InlineData("csrrwi x0, 0x7c0, 3")]
    public void FailingCsrAccessIsIllegalWithInstructionBitsInMtval(string access)
    {
        var rig = GuestRig.Execute($"""
            li t1, 0
            la s1, bad
            lwu s2, 0(s1)
            li a0, 77
        bad:
            {access}
        """);
        Assert.Equal(Illegal, rig.X(GuestRig.Mcause));
        Assert.Equal(rig["s2"], rig.X(GuestRig.Mtval));
        Assert.Equal(rig["s1"], rig.X(GuestRig.Mepc));
        Assert.Equal(77UL, rig["a0"]);
    }

    [Fact]
    public void SetClearAndSwapSemantics()
    {
        var rig = GuestRig.Execute("""
            li t1, 0xf0
            csrw mscratch, t1
            li t2, 0x0f
            csrrs a0, mscratch, t2   # old 0xf0, now 0xff
            li t3, 0x3c
            csrrc a1, mscratch, t3   # old 0xff, now 0xc3
            csrrwi a2, mscratch, 5   # old 0xc3, now 5
            csrrsi a3, mscratch, 2   # old 5, now 7
            csrrci a4, mscratch, 1   # old 7, now 6
            csrr a5, mscratch
            csrrw a6, mscratch, a6   # rd == rs1: old value read before the write
            csrr a7, mscratch
            """);
        Assert.Equal(0xF0UL, rig["a0"]);
        Assert.Equal(0xFFUL, rig["a1"]);
        Assert.Equal(0xC3UL, rig["a2"]);
        Assert.Equal(5UL, rig["a3"]);
        Assert.Equal(7UL, rig["a4"]);
        Assert.Equal(6UL, rig["a5"]);
        Assert.Equal(6UL, rig["a6"]);
        Assert.Equal(0UL, rig["a7"]);
    }

    [Fact]
    public void MinstretCountsEachRetiredInstructionExactly()
    {
        var rig = GuestRig.Execute("""
            csrr a0, minstret
            csrr a1, minstret
            nop
            nop
            csrr a2, mcycle
            csrr a3, mcycle
            li t1, 100
            csrw minstret, t1        # the next instruction sees 100
            csrr a4, minstret
            """);
        Assert.Equal(1UL, rig["a1"] - rig["a0"]);
        Assert.Equal(1UL, rig["a3"] - rig["a2"]);
        Assert.Equal(100UL, rig["a4"]);
        Assert.Equal(rig["a1"] + 3, rig["a2"]); // mcycle and minstret advance together from reset
    }

    [Fact]
    public void TrappingInstructionDoesNotRetire()
    {
        var rig = GuestRig.Execute("""
            la t1, 1f
            csrw mtvec, t1
            csrr a0, minstret
            nop
        trap_here:
            ecall
        .balign 4
        1:  csrr a1, minstret
            csrr a2, mepc
            la a3, trap_here
        """);
        // csrr a0 and the nop retire; the ecall does not.
        Assert.Equal(2UL, rig["a1"] - rig["a0"]);
        Assert.Equal(rig["a3"], rig["a2"]);
    }

    [Fact]
    public void CountInhibitFreezesMinstret()
    {
        var rig = GuestRig.Execute("""
            csrwi mcountinhibit, 4
            csrr a0, minstret
            nop
            nop
            csrr a1, minstret
            csrr a2, mcycle
            nop
            csrr a3, mcycle
            """);
        Assert.Equal(rig["a0"], rig["a1"]);
        Assert.Equal(2UL, rig["a3"] - rig["a2"]);
    }

    [Fact]
    public void FloatingPointCsrsNeedTheFpu()
    {
        var rig = GuestRig.Execute("""
            csrwi fcsr, 0x1f
            csrwi frm, 3
            csrr a0, fcsr            # frm 3, flags 0x1f
            csrr a1, fflags
            li t1, 0x6000
            csrc mstatus, t1         # FS = Off
            li a2, 1
        bad:
            csrr a3, fflags
        """);
        Assert.Equal((3UL << 5) | 0x1F, rig["a0"]);
        Assert.Equal(0x1FUL, rig["a1"]);
        Assert.Equal(Illegal, rig.X(GuestRig.Mcause));
    }

    [Fact]
    public void UserModeCannotReachMachineCsrs()
    {
        var rig = GuestRig.Execute("""
            la t1, 1f
            csrw mepc, t1
            li t1, 0x1800
            csrc mstatus, t1         # MPP = U
            mret
        1:  csrr a0, mscratch
        """);
        Assert.Equal(Illegal, rig.X(GuestRig.Mcause));
        Assert.Equal(PrivilegeLevel.Machine, rig.Hart.Privilege);
        Assert.Equal(0UL, (rig.ReadCsr(Translator.Privileged.CsrAddress.Mstatus) >> MstatusBits.MppShift) & 3);
    }
}
