using Translator.Hart;
using Translator.Privileged;
using Xunit;

namespace Translator.Tests.Engines;

/// <summary>Exceptions, delegation, xRET and the privileged instructions.</summary>
public sealed class TrapTests
{
    private const ulong Illegal = (ulong)ExceptionCause.IllegalInstruction;

    // Drops from M to the privilege in MPP (given as the mstatus bits to set) at label 1f.
    private static string EnterMode(string mppBits) => $"""
            la t1, 1f
            csrw mepc, t1
            li t1, 0x1800
            csrc mstatus, t1
            li t1, {mppBits}
            csrs mstatus, t1
            mret
        .balign 4
        1:
        """;

    private const string Supervisor = "0x800", User = "0";

    [Theory]
    [InlineData(User, ExceptionCause.EnvironmentCallFromUser)]
    [InlineData(Supervisor, ExceptionCause.EnvironmentCallFromSupervisor)]
    [InlineData("0x1800", ExceptionCause.EnvironmentCallFromMachine)]
    public void EcallCauseDependsOnPrivilege(string mpp, ExceptionCause expected)
    {
        var rig = GuestRig.Execute(EnterMode(mpp) + """
        here:
            ecall
        """);
        Assert.Equal((ulong)expected, rig.X(GuestRig.Mcause));
        Assert.Equal(0UL, rig.X(GuestRig.Mtval));
        Assert.Equal(PrivilegeLevel.Machine, rig.Hart.Privilege);
        ulong mstatus = rig.ReadCsr(CsrAddress.Mstatus);
        ulong mpp2 = mstatus & MstatusBits.Mpp;
        Assert.Equal(Convert.ToUInt64(mpp, 16), mpp2);
    }

    [Theory]
    [InlineData("ebreak")]
    [InlineData("c.ebreak")]
    public void EbreakTrapsAtItsPcWithZeroTval(string instruction)
    {
        var rig = GuestRig.Execute($"""
            la a0, bp
        bp: {instruction}
        """);
        Assert.Equal((ulong)ExceptionCause.Breakpoint, rig.X(GuestRig.Mcause));
        Assert.Equal(0UL, rig.X(GuestRig.Mtval)); // as QEMU reports it (the spec also allows the pc)
        Assert.Equal(rig["a0"], rig.X(GuestRig.Mepc));
    }

    [Theory]
    [InlineData(".word 0x0000000b", 0x0000000bUL)]   // custom-0: undecodable 32-bit word
    [InlineData(".word 0xffffffff", 0xffffffffUL)]
    [InlineData(".half 0x6081", 0x6081UL)]           // c.lui x1, 0: reserved
    [InlineData(".half 0x0004", 0x0004UL)]           // c.addi4spn with a zero immediate: reserved
    [InlineData(".half 0x0000", 0UL)]                // the defined illegal instruction
    public void IllegalInstructionReportsItsBits(string word, ulong expectedTval)
    {
        var rig = GuestRig.Execute($"""
            la a0, bad
        bad:
            {word}
            nop
        """);
        Assert.Equal(Illegal, rig.X(GuestRig.Mcause));
        Assert.Equal(expectedTval, rig.X(GuestRig.Mtval));
        Assert.Equal(rig["a0"], rig.X(GuestRig.Mepc));
    }

    [Fact]
    public void MretRestoresInterruptEnableAndLowersMpp()
    {
        var rig = new GuestRig("nop");
        var hart = rig.Hart;
        hart.Csrs.Mstatus |= MstatusBits.Mpie | MstatusBits.Mprv | (1UL << MstatusBits.MppShift);
        hart.Csrs.Mepc = 0x8000_1000;
        hart.ReservationValid = true;
        TrapUnit.ReturnFromMachine(hart);
        Assert.Equal(PrivilegeLevel.Supervisor, hart.Privilege);
        Assert.Equal(0x8000_1000UL, hart.Pc);
        ulong s = hart.Csrs.Mstatus;
        Assert.NotEqual(0UL, s & MstatusBits.Mie);
        Assert.NotEqual(0UL, s & MstatusBits.Mpie);
        Assert.Equal(0UL, s & MstatusBits.Mpp);
        Assert.Equal(0UL, s & MstatusBits.Mprv);
        Assert.False(hart.ReservationValid);
    }

    [Fact]
    public void MretToMachineKeepsMprv()
    {
        var rig = new GuestRig("nop");
        var hart = rig.Hart;
        hart.Csrs.Mstatus |= MstatusBits.Mprv | MstatusBits.Mpp;
        TrapUnit.ReturnFromMachine(hart);
        Assert.Equal(PrivilegeLevel.Machine, hart.Privilege);
        Assert.NotEqual(0UL, hart.Csrs.Mstatus & MstatusBits.Mprv);
        Assert.Equal(0UL, hart.Csrs.Mstatus & MstatusBits.Mie); // MPIE was 0
    }

    [Fact]
    public void SretRestoresSupervisorState()
    {
        var rig = new GuestRig("nop");
        var hart = rig.Hart;
        hart.Privilege = PrivilegeLevel.Supervisor;
        hart.Csrs.Mstatus |= MstatusBits.Spie | MstatusBits.Mprv;
        hart.Csrs.Sepc = 0x8000_2000;
        TrapUnit.ReturnFromSupervisor(hart);
        Assert.Equal(PrivilegeLevel.User, hart.Privilege);
        Assert.Equal(0x8000_2000UL, hart.Pc);
        ulong s = hart.Csrs.Mstatus;
        Assert.NotEqual(0UL, s & MstatusBits.Sie);
        Assert.NotEqual(0UL, s & MstatusBits.Spie);
        Assert.Equal(0UL, s & MstatusBits.Spp);
        Assert.Equal(0UL, s & MstatusBits.Mprv);
    }

    [Fact]
    public void TrapEntrySavesInterruptEnableAndPrivilege()
    {
        var rig = new GuestRig("nop");
        var hart = rig.Hart;
        hart.Privilege = PrivilegeLevel.Supervisor;
        hart.Pc = 0x8000_0100;
        hart.Csrs.Mstatus |= MstatusBits.Mie;
        hart.Csrs.Mtvec = 0x8000_0401; // vectored: exceptions still go to the base
        TrapUnit.TakeException(hart, ExceptionCause.LoadPageFault, 0x1234);
        Assert.Equal(PrivilegeLevel.Machine, hart.Privilege);
        Assert.Equal(0x8000_0400UL, hart.Pc);
        Assert.Equal(0x8000_0100UL, hart.Csrs.Mepc);
        Assert.Equal((ulong)ExceptionCause.LoadPageFault, hart.Csrs.Mcause);
        Assert.Equal(0x1234UL, hart.Csrs.Mtval);
        ulong s = hart.Csrs.Mstatus;
        Assert.Equal(0UL, s & MstatusBits.Mie);
        Assert.NotEqual(0UL, s & MstatusBits.Mpie);
        Assert.Equal(1UL << MstatusBits.MppShift, s & MstatusBits.Mpp);
    }

    [Fact]
    public void MretBelowMachineIsIllegal()
    {
        var rig = GuestRig.Execute(EnterMode(Supervisor) + "mret\n");
        Assert.Equal(Illegal, rig.X(GuestRig.Mcause));
    }

    [Fact]
    public void SretInUserOrWithTsrIsIllegal()
    {
        var user = GuestRig.Execute(EnterMode(User) + "sret\n");
        Assert.Equal(Illegal, user.X(GuestRig.Mcause));

        var tsr = GuestRig.Execute("li t0, 0x400000\ncsrs mstatus, t0\n" + EnterMode(Supervisor) + "sret\n");
        Assert.Equal(Illegal, tsr.X(GuestRig.Mcause));
    }

    [Fact]
    public void SretFromSupervisorDropsToUser()
    {
        var rig = GuestRig.Execute(EnterMode(Supervisor) + """
            la t1, 2f
            csrw sepc, t1
            li t1, 0x100
            csrc sstatus, t1         # SPP = U
            sret
        .balign 4
        2:  ecall
        """);
        Assert.Equal((ulong)ExceptionCause.EnvironmentCallFromUser, rig.X(GuestRig.Mcause));
    }

    [Fact]
    public void DelegatedExceptionFromUserGoesToSupervisor()
    {
        var rig = GuestRig.Execute("""
            la t1, s_handler
            csrw stvec, t1
            li t1, 0x104             # delegate ecall-from-U (8) and illegal instruction (2)
            csrw medeleg, t1
        """ + "\n" + EnterMode(User) + """
        u_ecall:
            ecall
        .balign 4
        s_handler:
            csrr a0, scause
            csrr a1, sepc
            la a2, u_ecall
            csrr a3, sstatus
            ecall                    # from S: not delegated (bit 9 clear), goes to M
        """);
        Assert.Equal((ulong)ExceptionCause.EnvironmentCallFromUser, rig["a0"]);
        Assert.Equal(rig["a2"], rig["a1"]);
        Assert.Equal(0UL, rig["a3"] & MstatusBits.Spp);
        Assert.Equal((ulong)ExceptionCause.EnvironmentCallFromSupervisor, rig.X(GuestRig.Mcause));
    }

    [Fact]
    public void DelegationDoesNotApplyInMachineMode()
    {
        var rig = GuestRig.Execute("""
            la t1, 1f
            csrw stvec, t1
            li t1, 4
            csrw medeleg, t1
            .word 0x0000000b
        .balign 4
        1:  li a0, 1                 # S handler: must not be reached
        """);
        Assert.Equal(Illegal, rig.X(GuestRig.Mcause));
        Assert.Equal(0UL, rig["a0"]);
    }

    [Fact]
    public void WfiIsIllegalInUserAndWithTimeoutWaitInSupervisor()
    {
        var user = GuestRig.Execute(EnterMode(User) + "wfi\n");
        Assert.Equal(Illegal, user.X(GuestRig.Mcause));

        var tw = GuestRig.Execute("li t0, 0x200000\ncsrs mstatus, t0\n" + EnterMode(Supervisor) + "wfi\n");
        Assert.Equal(Illegal, tw.X(GuestRig.Mcause));

        var supervisor = GuestRig.Execute(EnterMode(Supervisor) + "wfi\nli a0, 1\necall\n");
        Assert.Equal((ulong)ExceptionCause.EnvironmentCallFromSupervisor, supervisor.X(GuestRig.Mcause));
        Assert.Equal(1UL, supervisor["a0"]);
    }

    [Fact]
    public void SfenceVmaNeedsSupervisorAndNoTvm()
    {
        var user = GuestRig.Execute(EnterMode(User) + "sfence.vma\n");
        Assert.Equal(Illegal, user.X(GuestRig.Mcause));

        var tvm = GuestRig.Execute("li t0, 0x100000\ncsrs mstatus, t0\n" + EnterMode(Supervisor) + "sfence.vma\n");
        Assert.Equal(Illegal, tvm.X(GuestRig.Mcause));

        var supervisor = GuestRig.Execute(EnterMode(Supervisor) + "sfence.vma\necall\n");
        Assert.Equal((ulong)ExceptionCause.EnvironmentCallFromSupervisor, supervisor.X(GuestRig.Mcause));
    }

    [Fact]
    public void SoftwareInterruptIsTakenAfterTheEnablingCsrWrite()
    {
        var rig = GuestRig.Execute("""
            la s1, after
            li t1, 2
            csrw mie, t1             # SSIE
            csrsi mstatus, 8         # MIE
            csrsi mip, 2             # SSIP, not delegated: an M interrupt
        after:
            li a0, 1
        """);
        Assert.Equal(TrapUnit.InterruptFlag | (ulong)InterruptCause.SupervisorSoftware, rig.X(GuestRig.Mcause));
        Assert.Equal(0UL, rig["a0"]);
        Assert.Equal(rig["s1"], rig.X(GuestRig.Mepc));
    }

    [Fact]
    public void VectoredModeOffsetsInterruptsOnly()
    {
        var rig = GuestRig.Execute("""
            .option norvc
            la t1, vectors
            ori t1, t1, 1
            csrw mtvec, t1
            li t1, 2
            csrw mie, t1
            csrsi mstatus, 8
            csrsi mip, 2
            j __halt
        .option rvc
        .balign 4
        vectors:
        .option norvc
            j __halt                 # 0: exceptions
            li a0, 1                 # 1: supervisor software interrupt
            csrr a1, mcause
        """);
        Assert.Equal(1UL, rig["a0"]);
        Assert.Equal(TrapUnit.InterruptFlag | 1, rig["a1"]);
    }
}
