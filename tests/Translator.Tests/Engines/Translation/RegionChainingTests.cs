using Translator.Engines.Translation;
using Translator.Hart;
using Xunit;

namespace Translator.Tests.Engines.Translation;

/// <summary>
/// Compiled regions entering each other without the dispatcher (<see cref="ChainEntry"/>): the state, counters and
/// budgets stay the interpreter's, and nothing stale or unready is entered.
/// </summary>
public sealed class RegionChainingTests
{
    // Where .balign 4096 puts `far` after the wrapped prologue and the loop.
    private const ulong FarPage = 0x8000_1000;

    // A loop in one page calls a function in the next page: every call and return crosses regions.
    private const string CrossPageCalls = """
        .option norvc
        li s0, 0
        li s1, 0
    loop:
        call far
        addi s0, s0, 1
        slti t0, s0, 300
        bnez t0, loop
        j done
        .balign 4096
    far:
        addi s1, s1, 3
        xor s2, s1, s0
        ret
    done:
    """;

    [Theory]
    [InlineData(1000)]
    [InlineData(17)] // budgets that end inside the chain
    [InlineData(5)]
    public void CallsBetweenPagesChainInCompiledCodeWithExactCounters(long slice)
    {
        var rig = TranslatorRig.AssertMatchesInterpreter(CrossPageCalls, slice: slice);
        Assert.Equal(900UL, rig.Guest["s1"]);
        var far = rig.Engine.Blocks.Single(b => b.IsTranslated && b.GuestPc == FarPage);
        if (slice == 1000)
        {
            // Small budgets leave the tails of runs to the interpreter; with room, every call runs compiled.
            Assert.Equal(300, far.ExecutionCount);
            Assert.Equal(300 * 3, far.InstructionsRetired);
            Assert.True(far.Context!.ChainedEntries > 250, $"entered from compiled code {far.Context!.ChainedEntries} times of 300");
        }
        long translated = rig.Engine.Blocks.Sum(b => b.InstructionsRetired);
        Assert.Equal(rig.Engine.Statistics.TranslatedInstructions, translated);
    }

    [Fact]
    public void ARegionWrittenWhileOthersChainToItIsNotEnteredAgain()
    {
        // The loop rewrites the function in the other page after every call; each call must run the new code.
        var rig = TranslatorRig.AssertMatchesInterpreter(TranslatorBehaviourTests.PatchingLoop(40, targetInNextPage: true));
        Assert.Equal(1 + 20UL * 100 + 19, rig.Guest["a0"]);
    }

    [Fact]
    public void ARegionThatNeedsAValidRoundingModeIsEnteredFromOneThatDoesNotOnlyWhileFrmIsValid()
    {
        // The FP function, compiled for a dynamic rounding mode, is called while frm is valid; then frm becomes
        // invalid (7) and the next call must raise illegal instruction, as in the interpreter, not run compiled.
        var rig = TranslatorRig.AssertMatchesInterpreter("""
            .option norvc
            li s0, 0
            fcvt.d.w fa1, zero
            li t0, 1
            fcvt.d.w fa2, t0
        loop:
            call far
            addi s0, s0, 1
            slti t0, s0, 200
            bnez t0, loop
            csrwi frm, 7
            j loop
            .balign 4096
        far:
            fadd.d fa1, fa1, fa2       # dynamic rounding mode
            ret
        """);
        Assert.Equal((ulong)ExceptionCause.IllegalInstruction, rig.Guest.X(GuestRig.Mcause));
        Assert.Equal(200UL, rig.Guest["s0"]);
        // While frm was valid, the loop (no FP) went on into the FP function directly.
        var far = rig.Engine.Blocks.Single(b => b.IsTranslated && b.GuestPc == FarPage);
        Assert.True(far.Context!.ChainedEntries > 150, $"entered from compiled code {far.Context!.ChainedEntries} times of 200");
    }

    [Fact]
    public void ARegionThatAssumesRoundToNearestEvenIsEnteredFromOneThatDoesNotOnlyWhileFrmIsRne()
    {
        // The FP function's inline fadd.d assumes frm = RNE. From the 100th call on frm is RTZ, where the sums of 0.3
        // round differently: the function must then run in the interpreter, or the state would differ from its.
        var rig = TranslatorRig.AssertMatchesInterpreter("""
            .option norvc
            li s0, 0
            fcvt.d.w fa1, zero
            li t0, 3
            fcvt.d.w fa2, t0
            li t0, 10
            fcvt.d.w fa3, t0
            fdiv.d fa2, fa2, fa3, rne  # 0.3, in a static rounding mode
        loop:
            call far
            addi s0, s0, 1
            li t0, 100
            bne s0, t0, next
            csrwi frm, 1               # RTZ
        next:
            slti t0, s0, 200
            bnez t0, loop
            fmv.x.d a0, fa1
            frflags a1
            j done
            .balign 4096
        far:
            fadd.d fa1, fa1, fa2       # dynamic rounding mode
            ret
        done:
        """);
        Assert.Equal(200UL, rig.Guest["s0"]);
        var far = rig.Engine.Blocks.Single(b => b.IsTranslated && b.GuestPc == FarPage);
        Assert.InRange(far.InstructionsRetired, 2 * 90, 2 * 100); // run compiled only while frm was RNE
        Assert.InRange(far.Context!.ChainedEntries, 80, 100);
    }
}
