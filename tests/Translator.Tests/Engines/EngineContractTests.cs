using Translator.Engines;
using Translator.Hart;
using Translator.Memory;
using Translator.Privileged;
using Xunit;

namespace Translator.Tests.Engines;

/// <summary>The <see cref="ExecutionEngine.Run"/> contract: budgets, stop requests, wfi, and code changes.</summary>
public sealed class EngineContractTests
{
    [Fact]
    public void BudgetIsExactAndCountsRetiredInstructions()
    {
        var rig = new GuestRig("1: j 1b\n");
        // Get past the prologue so only the loop runs.
        rig.Engine.Run(50);
        ulong before = rig.Hart.InstructionsRetired;
        ulong pc = rig.Hart.Pc;
        Assert.Equal(StopReason.BudgetExhausted, rig.Engine.Run(10));
        Assert.Equal(10, rig.Engine.LastRunExecuted);
        Assert.Equal(before + 10, rig.Hart.InstructionsRetired);
        Assert.Equal(before + 10, rig.Hart.Cycles);
        Assert.Equal(rig.Hart.InstructionsRetired, rig.Hart.RetiredSinceReset);
        Assert.Equal(pc, rig.Hart.Pc);
        Assert.Equal(StopReason.BudgetExhausted, rig.Engine.Run(0));
        Assert.Equal(0, rig.Engine.LastRunExecuted);
    }

    [Fact]
    public void TrapLoopSpendsTheBudgetWithoutRetiring()
    {
        var rig = new GuestRig("nop");
        var hart = rig.Hart;
        // mtvec points at an illegal instruction: every step traps.
        rig.Ram.Write(0x8000_0100, 4, 0x0000_000B);
        hart.Csrs.Mtvec = 0x8000_0100;
        hart.Pc = 0x8000_0100;
        Assert.Equal(StopReason.BudgetExhausted, rig.Engine.Run(100));
        Assert.Equal(100, rig.Engine.LastRunExecuted);
        Assert.Equal(0UL, hart.InstructionsRetired);
        Assert.Equal((ulong)ExceptionCause.IllegalInstruction, hart.Csrs.Mcause);
        Assert.Equal(0x8000_0100UL, hart.Pc);
    }

    [Fact]
    public void StopRequestedByADeviceEndsTheRun()
    {
        var rig = new GuestRig("""
            li t1, 0x10000000
            li t2, 42
            sw t2, 0(t1)
            1: j 1b
            """);
        rig.Bus.Attach(0x1000_0000, new StopDevice(rig.Bus));
        Assert.Equal(StopReason.MachineStopRequested, rig.Engine.Run(1_000_000));
        Assert.Equal(42, rig.Bus.Stop.ExitCode);
        Assert.True(rig.Engine.LastRunExecuted < 100);
        // Already requested: the next run executes nothing.
        Assert.Equal(StopReason.MachineStopRequested, rig.Engine.Run(1000));
        Assert.Equal(0, rig.Engine.LastRunExecuted);
    }

    [Fact]
    public void WfiWithNothingPendingReturnsToTheMachine()
    {
        var rig = new GuestRig("""
            wfi
            li a0, 1
            """);
        StopReason reason;
        do reason = rig.Engine.Run(1000);
        while (reason == StopReason.BudgetExhausted && rig.Hart.Pc != rig.Halt);
        Assert.Equal(StopReason.WaitingForInterrupt, reason);
        Assert.Equal(0UL, rig["a0"]);
        rig.Run();
        Assert.Equal(1UL, rig["a0"]);
    }

    [Fact]
    public void SelfModifyingCodeRunsTheNewInstruction()
    {
        var rig = GuestRig.Execute("""
            .option norvc
            li a0, 0
            li s1, 2
        loop:
        patch:
            addi a0, a0, 1
            la t1, patch
            la t2, replacement
            lw t3, 0(t2)
            sw t3, 0(t1)             # patch takes effect on the next pass
            fence.i
            addi s1, s1, -1
            bnez s1, loop
            j done
        replacement:
            addi a0, a0, 100
        done:
        """);
        Assert.Equal(101UL, rig["a0"]);
    }

    [Fact]
    public void X0IsZeroAfterATrapToo()
    {
        var rig = GuestRig.Execute("""
            .option norvc
            lui x0, 0x1
            ld x0, 0(x0)             # faults at address 0
            """);
        Assert.Equal((ulong)ExceptionCause.LoadAccessFault, rig.X(GuestRig.Mcause));
        Assert.Equal(0UL, rig.X(0));
    }

    [Fact]
    public void InterruptRaisedByADeviceStoreIsTakenAfterTheStore()
    {
        var rig = new GuestRig("""
            li t1, 8
            csrw mie, t1             # MSIE
            csrsi mstatus, 8         # MIE
            li t1, 0x10000000
            la s1, after
            sw t1, 0(t1)             # the device raises MSIP
        after:
            li a0, 1
        """);
        rig.Bus.Attach(0x1000_0000, new SoftwareInterruptDevice(rig.Hart));
        rig.Run();
        Assert.Equal(TrapUnit.InterruptFlag | (ulong)InterruptCause.MachineSoftware, rig.X(GuestRig.Mcause));
        Assert.Equal(rig["s1"], rig.X(GuestRig.Mepc));
        Assert.Equal(0UL, rig["a0"]);
    }

    [Fact]
    public void InstructionStraddlingAPageBoundaryIsFetchedWhole()
    {
        var rig = GuestRig.Execute("""
            li a0, 0
            j 1f
        .org 0xffe                   # section-relative; the section starts on a page boundary
        1:  .option norvc
            addi a0, a0, 0x123       # bytes 0xffe..0x1001
            addi a0, a0, 1
            .option rvc
        """);
        Assert.Equal(0x124UL, rig["a0"]);
    }

    [Fact]
    public void DelegatedInterruptUsesTheSupervisorVector()
    {
        var rig = GuestRig.Execute("""
            .option norvc
            la t1, s_vectors
            ori t1, t1, 1            # vectored
            csrw stvec, t1
            li t1, 2
            csrw mideleg, t1         # delegate SSI
            csrw mie, t1
            la t1, 1f
            csrw mepc, t1
            li t1, 0x1800
            csrc mstatus, t1
            li t1, 0x800             # MPP = S
            csrs mstatus, t1
            mret
        1:  csrsi sstatus, 2         # SIE
            csrsi sip, 2             # SSIP: taken at once, in S
            j __halt
        .option rvc
        .balign 4
        s_vectors:
        .option norvc
            j __halt
            csrr a0, scause          # vector 1
            csrr a1, sepc
            la a2, 1b
            .option rvc
        """);
        Assert.Equal(TrapUnit.InterruptFlag | (ulong)InterruptCause.SupervisorSoftware, rig["a0"]);
        Assert.Equal(rig["a2"] + 8, rig["a1"]); // after the two 4-byte csrsi
        Assert.Equal(PrivilegeLevel.Supervisor, rig.Hart.Privilege);
    }

    private sealed class SoftwareInterruptDevice(HartState hart) : IMmioDevice
    {
        public string Name => "test-msip";
        public ulong Size => 0x1000;
        public bool Read(ulong offset, int width, out ulong value)
        {
            value = 0;
            return true;
        }
        public bool Write(ulong offset, int width, ulong value)
        {
            hart.Csrs.Mip |= 1UL << (int)InterruptCause.MachineSoftware;
            return true;
        }
    }

    private sealed class StopDevice(Bus bus) : IMmioDevice
    {
        public string Name => "test-stop";
        public ulong Size => 0x1000;
        public bool Read(ulong offset, int width, out ulong value)
        {
            value = 0;
            return true;
        }
        public bool Write(ulong offset, int width, ulong value)
        {
            bus.Stop.Request((int)value, Name);
            return true;
        }
    }
}
