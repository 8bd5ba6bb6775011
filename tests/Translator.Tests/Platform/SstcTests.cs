using Translator.Machines;
using Translator.Testing;
using Translator.Tests.Guests;
using Xunit;

namespace Translator.Tests.Platform;

/// <summary>
/// Sstc: with menvcfg.STCE set, stimecmp raises the supervisor timer interrupt when mtime reaches it, never
/// before. The same program passes under QEMU (the oracle) and under every engine.
/// </summary>
public sealed class SstcTests
{
    private const string Program = """
            .equ TEST, 0x100000
            .globl _start
        _start:
            la   t0, handler
            csrw mtvec, t0
            li   t0, 1
            slli t0, t0, 63
            csrs 0x30a, t0          # menvcfg.STCE
            csrr t1, time
            li   t2, 1000000
            add  t1, t1, t2
            csrw 0x14d, t1          # stimecmp = now + 1,000,000 ticks (0.1 s, so that QEMU on a busy host
                                    # cannot reach it before the next instruction looks)
            csrr t2, mip
            andi t2, t2, 32
            bnez t2, fail           # STIP must not be pending yet
            li   t0, 32
            csrs mie, t0            # STIE
            csrsi mstatus, 8        # MIE: taken in M, since mideleg is 0
        spin:
            j spin
            .balign 4
        handler:
            csrr t0, mcause
            li   t1, 0x8000000000000005
            bne  t0, t1, fail
            csrr t2, time
            csrr t3, 0x14d
            bltu t2, t3, fail       # not before the deadline
            li   t0, -1
            csrw 0x14d, t0          # a deadline in the future clears STIP at once
            csrr t2, mip
            andi t2, t2, 32
            bnez t2, fail
            li   t0, TEST
            li   t1, 0x5555
            sw   t1, 0(t0)
        fail:
            li   t0, TEST
            li   t1, 0x13333
            sw   t1, 0(t0)
            j fail
        """;

    public static TheoryData<EngineKind> Engines() => new(GuestRun.Engines);

    [Theory]
    [MemberData(nameof(Engines))]
    public void SupervisorTimerFiresAtTheDeadline(EngineKind engine)
    {
        string elf = GuestAssembler.Link(Program);
        Assert.Equal(0, GuestRun.OnQemu(elf).ExitCode);
        var (result, _) = GuestRun.OnRvt(elf, engine, maxInstructions: 100_000_000);
        Assert.Equal(RunEnd.GuestExit, result.End);
        Assert.Equal(0, result.ExitCode);
    }
}
