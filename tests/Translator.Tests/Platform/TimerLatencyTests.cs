using Translator.Machines;
using Translator.Memory;
using Translator.Testing;
using Translator.Tests.Guests;
using Xunit;

namespace Translator.Tests.Platform;

/// <summary>
/// A timer deadline set in the middle of a slice fires on time, not at the end of the slice the machine had planned
/// before the deadline moved (which could be 65,536 instructions, 6,553 ticks, later). The program exits with its
/// lateness in ticks, or 255 if the interrupt is the wrong one or comes early.
/// </summary>
public sealed class TimerLatencyTests
{
    // The handlers' common end: t2 is mtime when the interrupt was taken and t3 the deadline; exits with the
    // lateness in ticks (at most 254), or 255 if the interrupt came early or was not the expected one.
    private const string ExitWithLateness = """

            bltu t2, t3, fail           # early
            sub  a0, t2, t3
            li   t1, 254
            bltu a0, t1, exit
            mv   a0, t1
        exit:
            li   t0, TEST
            slli a0, a0, 16
            li   t1, 0x3333
            or   a0, a0, t1
            sw   a0, 0(t0)
            j    exit
        fail:
            li   a0, 255
            j    exit
        """;

    private const string MachineTimer = """
            .equ TEST, 0x100000
            .globl _start
        _start:
            la   t0, handler
            csrw mtvec, t0
            li   s0, 0x2004000          # mtimecmp
            li   s1, 0x200bff8          # mtime
            li   t0, 3000               # run a while, so that the deadline is set mid-slice
        1:  addi t0, t0, -1
            bnez t0, 1b
            ld   t1, 0(s1)
            addi t1, t1, 50
            sd   t1, 0(s0)              # deadline 50 ticks from now
            li   t0, 128
            csrs mie, t0                # MTIE
            csrsi mstatus, 8            # MIE
        spin:
            j    spin
            .balign 4
        handler:
            ld   t2, 0(s1)
            ld   t3, 0(s0)
            csrr t0, mcause
            li   t1, 0x8000000000000007
            bne  t0, t1, fail
        """ + ExitWithLateness;

    private const string SupervisorTimer = """
            .equ TEST, 0x100000
            .globl _start
        _start:
            la   t0, handler
            csrw mtvec, t0
            li   t0, 1
            slli t0, t0, 63
            csrs 0x30a, t0              # menvcfg.STCE
            li   t0, 3000
        1:  addi t0, t0, -1
            bnez t0, 1b
            csrr t1, time
            addi t1, t1, 50
            csrw 0x14d, t1              # stimecmp 50 ticks from now
            li   t0, 32
            csrs mie, t0                # STIE, taken in M (mideleg is 0)
            csrsi mstatus, 8
        spin:
            j    spin
            .balign 4
        handler:
            csrr t2, time
            csrr t3, 0x14d
            csrr t0, mcause
            li   t1, 0x8000000000000005
            bne  t0, t1, fail
        """ + ExitWithLateness;

    // Lateness allowed under rvt, whose time follows instructions: the deadline is exact, and the interrupt is
    // taken at the next instruction boundary the engine checks.
    private const int MostTicksLate = 2;

    public static TheoryData<string, EngineKind> Cases()
    {
        var data = new TheoryData<string, EngineKind>();
        foreach (string timer in new[] { "machine", "supervisor" })
            foreach (var engine in GuestRun.Engines)
                data.Add(timer, engine);
        return data;
    }

    [Fact]
    public void SliceEndLeavesAStopRequestInPlace()
    {
        var stop = new MachineStop();
        stop.RequestSliceEnd();
        Assert.True(stop.Requested);
        Assert.True(stop.TakeSliceEnd());
        Assert.False(stop.Requested);

        stop.RequestSliceEnd();
        stop.Request(3, "test device");
        Assert.True(stop.TakeSliceEnd());
        Assert.True(stop.Requested);
        Assert.Equal(3, stop.ExitCode);
        Assert.False(stop.TakeSliceEnd());
        Assert.True(stop.Requested);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DeadlineSetMidSliceFiresOnTime(string timer, EngineKind engine)
    {
        string elf = GuestAssembler.Link(timer == "machine" ? MachineTimer : SupervisorTimer);
        // QEMU's time follows the host clock, so only the interrupt and its cause are checked there, not how late.
        Assert.NotEqual(255, GuestRun.OnQemu(elf).ExitCode);
        var (result, _) = GuestRun.OnRvt(elf, engine, maxInstructions: 10_000_000);
        Assert.Equal(RunEnd.GuestExit, result.End);
        Assert.InRange(result.ExitCode, 0, MostTicksLate);
    }
}
