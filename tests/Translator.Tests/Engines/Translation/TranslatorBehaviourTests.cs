using System.Collections.Concurrent;
using Translator.Engines;
using Translator.Engines.Translation;
using Translator.Hart;
using Translator.Memory;
using Translator.Privileged;
using Translator.Tests.Memory;
using Xunit;

namespace Translator.Tests.Engines.Translation;

/// <summary>Precise traps, budgets, self-modifying code, mapping changes and the memory bound of the translator.</summary>
public sealed class TranslatorBehaviourTests
{
    [Fact]
    public void TrapInTheMiddleOfACompiledBlockIsPrecise()
    {
        const string snippet = """
            li s0, 0
            li s1, 0
            li t1, 0x100               # not RAM, no device
        1:  addi s0, s0, 1
            addi s1, s1, 2
            slti t2, s0, 20
            bnez t2, 1b                # 20 passes, then the load faults
            addi s0, s0, 100
        fault:
            ld a0, 8(t1)
            addi s1, s1, 100           # must not run
        """;
        var rig = TranslatorRig.AssertMatchesInterpreter(snippet, jitThreshold: 0);
        var hart = rig.Guest.Hart;
        Assert.Equal((ulong)ExceptionCause.LoadAccessFault, rig.Guest.X(GuestRig.Mcause));
        Assert.Equal(0x108UL, rig.Guest.X(GuestRig.Mtval));
        Assert.Equal(120UL, rig.Guest["s0"]);
        Assert.Equal(40UL, rig.Guest["s1"]);
        Assert.True(rig.Engine.Statistics.TranslatedInstructions > 80, "the loop ran compiled");
        Assert.Equal(hart.InstructionsRetired, hart.RetiredSinceReset);
    }

    [Fact]
    public void StoreFaultReportsTheStoresPcAndLeavesEarlierWritesInRegisters()
    {
        var rig = TranslatorRig.AssertMatchesInterpreter("""
            li a0, 7
            li a1, 9
            li t1, 0x100
            add a2, a0, a1
        fault:
            sw a2, 0(t1)
            li a2, 0
        """);
        Assert.Equal((ulong)ExceptionCause.StoreAccessFault, rig.Guest.X(GuestRig.Mcause));
        Assert.Equal(16UL, rig.Guest["a2"]);
    }

    [Fact]
    public void BudgetIsExactInsideACompiledLoop()
    {
        var rig = new TranslatorRig("""
            li a0, 0
        1:  addi a0, a0, 1
            addi a1, a1, 3
            j 1b
        """);
        rig.Engine.Run(40); // past the prologue
        for (int i = 0; i < 50; i++)
        {
            ulong before = rig.Guest.Hart.InstructionsRetired;
            Assert.Equal(StopReason.BudgetExhausted, rig.Engine.Run(17 + i));
            Assert.Equal(17 + i, rig.Engine.LastRunExecuted);
            Assert.Equal(before + (ulong)(17 + i), rig.Guest.Hart.InstructionsRetired);
        }
        Assert.Equal(rig.Guest.Hart.InstructionsRetired, rig.Guest.Hart.Cycles);
        Assert.Equal(rig.Guest.Hart.InstructionsRetired, rig.Guest.Hart.RetiredSinceReset);
        Assert.True(rig.Engine.Statistics.TranslatedInstructions > 1000);
    }

    [Fact]
    public void RunsEndingMidBlockDoNotCutTheRegionCompiledLater()
    {
        // Slices of 7 instructions end, and the next run resumes, all over the 12-instruction loop body before the
        // loop becomes hot; those resumptions are no place the program enters, so the region has one leader in the
        // body (its head), and the body runs as one basic block.
        var rig = new TranslatorRig("""
                li a0, 300
                la s2, 1f
            1:  addi a1, a1, 1
                addi a2, a2, 2
                addi a3, a3, 3
                addi a4, a4, 4
                addi a5, a5, 5
                addi a6, a6, 6
                addi a7, a7, 7
                addi t0, t0, 1
                addi t1, t1, 2
                addi t2, t2, 3
                addi a0, a0, -1
                bnez a0, 1b
            """, jitThreshold: 10).Run(slice: 7);
        Assert.Equal(300UL * 7, rig.Guest["a7"]);
        ulong head = rig.Guest["s2"];
        var region = rig.Engine.Blocks.Single(b => b.GuestPc == head).Region;
        Assert.NotNull(region);
        Assert.True(region.IndexOf(head) >= 0);
        for (ulong pc = head + 4; pc < head + 12 * 4; pc += 4)
            Assert.True(region.IndexOf(pc) < 0, $"a leader at 0x{pc:x}, {pc - head} bytes into the loop body");
    }

    [Fact]
    public void SelfModifyingCodeWithFenceIRunsTheNewInstruction()
    {
        var rig = TranslatorRig.AssertMatchesInterpreter(PatchingLoop(30));
        Assert.Equal(1 + 15UL * 100 + 14, rig.Guest["a0"]); // the original once, then 15 and 14 of the two patches
        Assert.True(rig.Engine.Invalidations >= 29, $"invalidations: {rig.Engine.Invalidations}");
    }

    // Calls a function, then rewrites its first instruction with one of two replacements, n times; a0 ends as
    // 1 + 100 * (n / 2) + (n / 2 - 1) for even n. The function may sit in the next page (its own region).
    internal static string PatchingLoop(int iterations, bool targetInNextPage = false) => $$"""
        .option norvc
        li a0, 0
        li s1, {{iterations}}
    loop:
        call target
        la t1, patch
        la t2, replacement
        andi t3, s1, 1
        beqz t3, 1f
        addi t2, t2, 4
    1:  lw t3, 0(t2)
        sw t3, 0(t1)               # rewrites a compiled block
        fence.i
        addi s1, s1, -1
        bnez s1, loop
        j done
        {{(targetInNextPage ? ".balign 4096" : "")}}
    target:
    patch:
        addi a0, a0, 1
        ret
    replacement:
        addi a0, a0, 100
        addi a0, a0, 1
    done:
    """;

    [Fact]
    public void AnInstructionStraddlingThePageEndRunsCompiledAndAWriteToItsUpperHalfRunsTheNewOne()
    {
        // A loop whose addi sits in the page's last two bytes and the next page's first two; between the two rounds
        // its immediate (in the upper half, on the next page) goes from 1 to 3.
        var rig = TranslatorRig.AssertMatchesInterpreter("""
                .option norvc
                li s1, 2
            round:
                li a0, 1000
                call straddle
                add s2, s2, a1
                la t0, straddler
                lhu t1, 2(t0)
                andi t1, t1, 15
                ori t1, t1, 3 << 4
                sh t1, 2(t0)
                fence.i
                addi s1, s1, -1
                bnez s1, round
                j done
                .balign 4096
                .skip 4096 - 10
            straddle:
                li a1, 0
            1:  addi a0, a0, -1
            straddler:
                addi a1, a1, 1
                bnez a0, 1b
                ret
            done:
            """, openPmp: false); // no PMP entry: M-mode's fetches and accesses go straight to RAM
        Assert.Equal(1000UL + 3000, rig.Guest["s2"]);
        Assert.True(rig.Engine.Statistics.InterpretedInstructions < 100, $"interpreted: {rig.Engine.Statistics.InterpretedInstructions}");
        Assert.True(rig.Engine.Invalidations >= 1);
    }

    // Guest code that makes the addi at label add 3 (it rewrites the instruction's immediate, bits 20-31).
    private static string SetAddiImmediateTo3(string label) => $"""
        la t0, {label}
        lw t1, 0(t0)
        li t2, 0xfffff
        and t1, t1, t2
        li t2, 3 << 20
        or t1, t1, t2
        sw t1, 0(t0)
        """;

    [Fact]
    public void AFunctionInTheNextPageRunsInsideItsCallersRegionAndAWriteToItRunsTheNewOne()
    {
        // A loop calls (jal) a function alone in the next page; between the two rounds the function's immediate goes
        // from 1 to 3. Straight to RAM (M-mode, no PMP entry), the loop's region takes the callee in, and the write
        // to the callee's page must drop it.
        var rig = TranslatorRig.AssertMatchesInterpreter($$"""
                .option norvc
                li s1, 2
                la s3, callee
            round:
                li a0, 1000
                li a1, 0
            1:  jal ra, callee
                addi a0, a0, -1
                bnez a0, 1b
                add s2, s2, a1
                addi s1, s1, -1
                beqz s1, done
                {{SetAddiImmediateTo3("callee")}}
                fence.i
                j round
                .balign 4096
            callee:
                addi a1, a1, 1
                ret
            done:
            """, jitThreshold: 5, openPmp: false); // compiled once the callee has been seen running
        Assert.Equal(1000UL + 3000, rig.Guest["s2"]);
        Assert.True(rig.Engine.Invalidations >= 1);
        ulong callee = rig.Guest["s3"];
        Assert.Contains(rig.Engine.Blocks, block => block.Valid && block.Region is { } region && region.Holds(callee)
            && block.GuestPc >> GuestBlock.PageShift != callee >> GuestBlock.PageShift);
    }

    [Fact]
    public void AFunctionItsCallersRegionTookInIsEnteredThereAndAWriteToTheCallersPageDropsThatEntry()
    {
        // A loop calls a function alone in the next page every other time round, so the loop becomes hot first and
        // its region takes the function in; the function's own block (cold, seen while the loop was) then enters that
        // region rather than compiling the function again. That entry depends on the caller's page too: the function
        // returns inside the region, to the loop's code. Between the two rounds the instruction after the call
        // changes (add 1, then 3), and the entry at the function must be dropped with the region, or the return would
        // run the old instruction.
        var rig = TranslatorRig.AssertMatchesInterpreter($$"""
                .option norvc
                li s1, 2
                la s3, callee
                la s4, round
            round:
                li a0, 1000
            1:  andi t0, a0, 1
                beqz t0, 2f
                jal ra, callee
            patched:
                addi a2, a2, 1
            2:  addi a0, a0, -1
                bnez a0, 1b
                addi s1, s1, -1
                beqz s1, done
                {{SetAddiImmediateTo3("patched")}}
                fence.i
                j round
                .balign 4096
            callee:
                addi a1, a1, 1
                ret
            done:
            """, jitThreshold: 5, openPmp: false); // straight to RAM (M-mode, no PMP entry): regions take callees in
        Assert.Equal(500UL + 1500, rig.Guest["a2"]);
        Assert.Equal(1000UL, rig.Guest["a1"]);
        Assert.True(rig.Engine.Invalidations >= 1);
        ulong callee = rig.Guest["s3"], loopPage = rig.Guest["s4"] >> GuestBlock.PageShift;
        var atCallee = rig.Engine.Blocks.Single(block => block.Valid && block.GuestPc == callee);
        Assert.True(atCallee.Region is { } region && region.Home.Virtual >> GuestBlock.PageShift == loopPage,
            "the function's block runs in its caller's region");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ALeaderInACalleesPageFirstLookedUpLaterEntersTheCallersRegionAndAWriteToTheCallersPageDropsIt(bool write)
    {
        // The loop's region takes the function in the next page in; `alt`, the target of the function's branch
        // (never taken), is a leader there with no block of its own. The second loop then calls `alt` 20 times from
        // cold code: its first lookup must enter the loop's region, not start a block that becomes a region of its
        // own. With s5 set the program then writes the loop's page, which must drop that entry too (it runs code of
        // that page).
        var rig = TranslatorRig.AssertMatchesInterpreter("""
                .option norvc
                la s3, alt
                la s4, patched
                li a0, 1000
            1:  andi t0, a0, 1
                beqz t0, 2f
                jal ra, callee
            patched:
            2:  addi a0, a0, -1
                bnez a0, 1b
                li a0, 20
            3:  jal ra, alt
                addi a0, a0, -1
                bnez a0, 3b
                beqz s5, done
                lw t1, 0(s4)
                sw t1, 0(s4)
                fence.i
                j done
                .balign 4096
            callee:
                bnez a2, alt
                addi a1, a1, 1
            alt:
                addi a1, a1, 2
                ret
            done:
            """, jitThreshold: 5, setup: guest => guest.Hart.X[21] = write ? 1UL : 0, openPmp: false); // x21 is s5
        Assert.Equal(500UL * 3 + 20 * 2, rig.Guest["a1"]);
        ulong alt = rig.Guest["s3"], patched = rig.Guest["s4"];
        if (!write)
        {
            var atAlt = rig.Engine.Blocks.Single(block => block.Valid && block.GuestPc == alt);
            Assert.True(atAlt.Region is { } region && region.Holds(patched), "alt runs in the loop's region");
        }
        else
            Assert.DoesNotContain(rig.Engine.Blocks, block => block.Valid && block.Region is { } region && region.Holds(patched));
    }

    [Fact]
    public void ACallThroughARegisterStaysInTheCallersRegionUntilThePointerChanges()
    {
        // A loop calls f, in the next page, through s1 (a function pointer); halfway s1 becomes g. Straight to RAM
        // (M-mode, no PMP entry) the loop's region takes f in, so its calls and returns stay inside; the compiled
        // jalr must then notice the new target and leave for g.
        var rig = TranslatorRig.AssertMatchesInterpreter("""
                .option norvc
                la s1, f
                la s3, f
                li a0, 2000
                li t0, 1000
            1:  jalr ra, 0(s1)
                addi a0, a0, -1
                bne a0, t0, 2f
                la s1, g
            2:  bnez a0, 1b
                j done
                .balign 4096
            f:  addi a1, a1, 1
                ret
            g:  addi a2, a2, 3
                ret
            done:
            """, jitThreshold: 5, openPmp: false);
        Assert.Equal(1000UL, rig.Guest["a1"]);
        Assert.Equal(3000UL, rig.Guest["a2"]);
        ulong f = rig.Guest["s3"];
        // Entered from outside only while cold (about the threshold), not at each of the 1000 calls.
        var atF = rig.Engine.Blocks.Single(block => block.GuestPc == f);
        Assert.True(atF.ExecutionCount < 50, $"f entered {atF.ExecutionCount} times");
        Assert.Contains(rig.Engine.Blocks, block => block.Valid && block.Region is { } region && region.Holds(f)
            && block.GuestPc >> GuestBlock.PageShift != f >> GuestBlock.PageShift);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(20)]
    public void CodePatchedWhileItsRegionCompilesInTheBackgroundRunsTheNewCode(int jitThreshold)
    {
        // The loop and the patched function get hot while the patches go on, so regions are compiled on the worker
        // from code that may be rewritten before they are installed; whenever that happens, the result must be dropped.
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var rig = TranslatorRig.AssertMatchesInterpreter(PatchingLoop(3000), jitThreshold, compileInBackground: true);
            Assert.Equal(1 + 1500UL * 100 + 1499, rig.Guest["a0"]);
        }
    }

    [Fact]
    public void RegionCompiledInTheBackgroundIsInstalledAndRuns()
    {
        var rig = new TranslatorRig("""
                li a0, 0
                li a1, 200000
            1:  addi a0, a0, 3
                addi a1, a1, -1
                bnez a1, 1b
            """, jitThreshold: 10, compileInBackground: true);
        rig.Engine.Run(5000); // hot: the loop's region is queued
        rig.Engine.CompleteCompilations();
        rig.Run(maxInstructions: 1_000_000);
        Assert.Equal(600000UL, rig.Guest["a0"]);
        Assert.True(rig.Engine.Statistics.BlocksTranslated >= 1);
        Assert.True(rig.Engine.Statistics.TranslatedInstructions > 500_000, $"translated: {rig.Engine.Statistics.TranslatedInstructions}");
    }

    [Fact]
    public void CodeReachedOnlyTwiceGetsNoBlock()
    {
        // The watched interpreter runs on through block starts it has reached fewer than three times: code that runs
        // once or twice (a boot's initialisation, most of it) costs no lookup through the MMU, no decoding, no block.
        var rig = new TranslatorRig("""
                la s2, 2f
                la s3, 3f
                jal ra, 2f
                jal ra, 2f
                jal ra, 3f
                jal ra, 3f
                jal ra, 3f
                j 9f
            2:  addi a0, a0, 1
                ret
            3:  addi a1, a1, 1
                ret
            9:
            """, jitThreshold: 10).Run(slice: 100_000);
        Assert.Equal(2UL, rig.Guest["a0"]);
        Assert.Equal(3UL, rig.Guest["a1"]);
        Assert.DoesNotContain(rig.Engine.Blocks, b => b.GuestPc == rig.Guest["s2"]);
        Assert.Contains(rig.Engine.Blocks, b => b.GuestPc == rig.Guest["s3"]);
    }

    /// <summary>Holds the shared background compiler on a job of its own until the returned gate is set.</summary>
    private static ManualResetEventSlim StallTheBackgroundCompiler()
    {
        var gate = new ManualResetEventSlim();
        var stallRoot = new TranslatedBlock(new BlockKey(0, 0, BlockKey.DirectRam), 1, [new CodeRange(0, 4)], translatable: true);
        // No translator queued the job, so none looks at its planned code (Guest).
        BackgroundCompiler.Enqueue(new RegionCompilation(stallRoot, Guest: null!, [stallRoot], () =>
        {
            gate.Wait();
            throw new OperationCanceledException("the test's stall");
        }, new ConcurrentQueue<RegionCompilation>()));
        return gate;
    }

    [Fact]
    public void WhileRegionsWaitForTheWorkerABlockMustRunLongerToBeQueued()
    {
        // The shared worker is held up, so loop A's region (threshold 10) waits in the queue; meanwhile a block needs
        // four times the threshold to be queued too: loop B's 30 iterations are not enough, 60 are.
        using var gate = StallTheBackgroundCompiler();
        try
        {
            Assert.False(LoopBQueuedAfter(30));
            Assert.True(LoopBQueuedAfter(60));
        }
        finally
        {
            gate.Set();
        }

        static bool LoopBQueuedAfter(int iterations)
        {
            var rig = new TranslatorRig($$"""
                    li a0, 50
                1:  addi a0, a0, -1
                    bnez a0, 1b
                    la s2, 2f
                    li a0, {{iterations}}
                2:  addi a0, a0, -1
                    bnez a0, 2b
                """, jitThreshold: 10, compileInBackground: true).Run(slice: 10); // short slices: __halt's loop stays cold
            Assert.Equal(0UL, rig.Guest["a0"]);
            var loopA = rig.Engine.Blocks.Where(b => b.Compiling).ToList();
            Assert.NotEmpty(loopA); // queued, never installed: the worker is stalled
            Assert.DoesNotContain(rig.Engine.Blocks, b => b.IsTranslated);
            return rig.Engine.Blocks.Single(b => b.GuestPc == rig.Guest["s2"]).Compiling;
        }
    }

    [Fact]
    public void ABlockFirstEnteredAtALeaderOfAQueuedRegionWaitsForThatRegion()
    {
        // Loop A's region is queued (threshold 10) and held up; L is one of its leaders (a branch target) but was only
        // ever reached by falling through, so no block started there. Then 45 calls enter at L: hot enough to be
        // queued (4 times the threshold while a region waits, and first: its return comes after it), but L is to run
        // in A's region, not in a copy of it.
        using var gate = StallTheBackgroundCompiler();
        try
        {
            var rig = new TranslatorRig("""
                    li a0, 20
                1:  addi a0, a0, -1
                    beqz a0, 8f
                    bnez a2, 5f
                    addi a5, a5, 1
                5:  addi a3, a3, 1
                    bnez a4, 6f
                    j 1b
                6:  ret
                8:  li a4, 1
                    la s2, 5b
                    .rept 45
                    jal ra, 5b
                    .endr
                """, jitThreshold: 10, compileInBackground: true).Run(slice: 100_000); // one slice: no run starts mid-block
            Assert.Equal(19UL + 45, rig.Guest["a3"]);
            var atL = rig.Engine.Blocks.Single(b => b.GuestPc == rig.Guest["s2"]);
            Assert.True(atL.Dispatched > 40, $"entered {atL.Dispatched} times");
            Assert.True(atL.Compiling);
            Assert.DoesNotContain(atL, rig.Engine.QueuedRoots);
        }
        finally
        {
            gate.Set();
        }
    }

    [Fact]
    public void AGroupOfLoadsOffOneBaseTrapsAtTheFirstOnePastRamsEnd()
    {
        // Both loads use t1, so compiled code that reaches RAM directly (PMP off) checks them together: the second
        // lies past RAM's end and must fault there, precisely, after the first has loaded.
        var rig = TranslatorRig.AssertMatchesInterpreter($"""
            li t1, {SnippetAssembler.Base + GuestRig.RamSize - 8}
            li t2, 0x1122334455667788
            sd t2, 0(t1)
            li s0, 0
            ld a0, 0(t1)
            addi s0, s0, 1
            ld a1, 8(t1)
            addi s0, s0, 1             # must not run
            """, openPmp: false);
        Assert.Equal((ulong)ExceptionCause.LoadAccessFault, rig.Guest.X(GuestRig.Mcause));
        Assert.Equal(SnippetAssembler.Base + GuestRig.RamSize, rig.Guest.X(GuestRig.Mtval));
        Assert.Equal(0x1122334455667788UL, rig.Guest["a0"]);
        Assert.Equal(1UL, rig.Guest["s0"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StoreIntoTheRunningBlockEndsItBeforeTheOldCodeRuns(bool groupedWithAnotherStore)
    {
        // The patched instruction follows the store in the same block: the translator must end the block. Grouped,
        // a store before it off the same base shares its RAM check (PMP off, so the stores are inline), and no
        // fence.i follows: the interpreter fetches the new instruction without one.
        string before = groupedWithAnotherStore ? "sw t3, 2040(t1)            # data, well past the code" : "";
        string after = groupedWithAnotherStore ? "" : "fence.i";
        var rig = TranslatorRig.AssertMatchesInterpreter($"""
            .option norvc
            la t1, patch
            la t2, replacement
            lw t3, 0(t2)
            li a0, 0
            {before}
            sw t3, 0(t1)
            {after}
        patch:
            addi a0, a0, 1
            j done
        replacement:
            addi a0, a0, 42
        done:
        """, openPmp: !groupedWithAnotherStore);
        Assert.Equal(42UL, rig.Guest["a0"]);
    }

    [Fact]
    public void StoresToDataBesideCodeInTheSamePageInvalidateNothing()
    {
        var rig = TranslatorRig.AssertMatchesInterpreter("""
            .option norvc
            csrw pmpcfg0, zero
            la t1, data
            li s1, 200
        loop:
            sd s1, 0(t1)
            sw s1, 8(t1)
            addi s1, s1, -1
            bnez s1, loop
            ld a0, 0(t1)
            j done
            .balign 64
        data:
            .dword 0, 0
        done:
        """);
        Assert.Equal(1UL, rig.Guest["a0"]);
        Assert.Equal(0, rig.Engine.Invalidations);
    }

    [Fact]
    public void MisalignedStoreEndingInABlocksFirstBytesInvalidatesIt()
    {
        // The sd starts in the 64-byte granule before `patch` and overwrites its first instruction. No PMP entry, so
        // M-mode stores are inline RAM stores that check only the granule they start in.
        var rig = TranslatorRig.AssertMatchesInterpreter("""
            .option norvc
            csrw pmpcfg0, zero
            li a0, 0
            li s1, 4
            la t1, patch
            la t3, newbits
            ld t2, 0(t3)
        loop:
            call patch
            sd t2, -4(t1)
            fence.i
            addi s1, s1, -1
            bnez s1, loop
            j done
            .balign 8
        newbits:
            .word 0
            addi a0, a0, 100
            .balign 64
            .skip 60
            .word 0
        patch:
            addi a0, a0, 1
            ret
        done:
        """);
        Assert.Equal(301UL, rig.Guest["a0"]);
        Assert.True(rig.Engine.Invalidations >= 1, $"invalidations: {rig.Engine.Invalidations}");
    }

    [Fact]
    public void StopRequestedByADeviceStoreEndsTheRun()
    {
        var rig = new TranslatorRig("""
            li t1, 0x10000000
            li t2, 42
            sw t2, 0(t1)
            1: j 1b
        """);
        rig.Guest.Bus.Attach(0x1000_0000, new StopDevice(rig.Guest.Bus));
        Assert.Equal(StopReason.MachineStopRequested, rig.Engine.Run(1_000_000));
        Assert.Equal(42, rig.Guest.Bus.Stop.ExitCode);
        Assert.True(rig.Engine.LastRunExecuted < 100);
    }

    [Fact]
    public void DeviceAccessesInsideACompiledLoopLeaveTheRegionAndRunInTheInterpreter()
    {
        // S-mode through the TLB: the device's page has no host memory, so its accesses miss the inline hit check.
        // Each load of the device returns the next count and each store adds to its total, so a skipped, doubled or
        // reordered access changes the result. RAM accesses in the same loop stay inline.
        var rig = TranslatorRig.AssertMatchesInterpreter(EnterSupervisor + """
                li t1, 0x10000000
                la s1, scratch
                li a0, 0
                li a1, 100
            1:  lw a2, 0(t1)
                add a0, a0, a2
                sd a0, 0(s1)
                ld a3, 0(s1)
                sw a3, 8(t1)
                addi a1, a1, -1
                bnez a1, 1b
                lw a4, 8(t1)
                j 2f
                .balign 8
            scratch: .dword 0
            2:  nop
            """, setup: guest =>
        {
            MapSupervisorPages(guest);
            guest.Bus.Attach(0x1000_0000, new CountingDevice());
        });
        Assert.Equal(5050UL, rig.Guest["a0"]);
        Assert.Equal(Enumerable.Range(1, 100).Sum(n => (long)n * (n + 1) / 2), (long)rig.Guest["a4"]);
        var loop = rig.Engine.Blocks.Where(b => b.Entry != null).Sum(b => b.Exits[(int)BlockExitKind.Interpret]);
        Assert.True(loop >= 200, $"device accesses that left compiled code: {loop}");
        Assert.True(rig.Engine.Statistics.TranslatedInstructions > 300, "the loop ran compiled");
    }

    [Fact]
    public void InlineDoubleArithmeticKeepsZerosInCompiledCodeAndLeavesForWhatItCannotProveExact()
    {
        // Zero products, zero dividends and roots of zeros are exact and stay inline; a product too small for the
        // inline range (it underflows) leaves the region for the interpreter, once per iteration.
        var rig = TranslatorRig.AssertMatchesInterpreter("""
                .option norvc
                li t0, 3
                fcvt.d.w fa1, t0           # 3.0
                fmv.d.x fa2, zero          # +0.0
                fneg.d fa3, fa2            # -0.0
                li t0, 0x0010000000000000
                fmv.d.x fa4, t0            # the smallest normal double
                li a1, 50
            1:  fmul.d fa5, fa1, fa2
                fmul.d fa6, fa3, fa1
                fdiv.d fa7, fa3, fa1
                fsqrt.d ft0, fa3
                fsqrt.d ft1, fa2
                fadd.d ft2, fa5, fa6
                fmul.d ft3, fa4, fa4       # underflows: inexact and underflow flags, from the interpreter
                addi a1, a1, -1
                bnez a1, 1b
                fmv.x.d a2, fa6
                fmv.x.d a3, fa7
                fmv.x.d a4, ft0
                fmv.x.d a5, ft3
                frflags a6
            """);
        Assert.Equal(0x8000_0000_0000_0000UL, rig.Guest["a3"]); // -0 / 3 = -0
        Assert.Equal(0x8000_0000_0000_0000UL, rig.Guest["a4"]); // sqrt(-0) = -0
        Assert.Equal(3UL, rig.Guest["a6"]); // NX and UF, from the underflowing product only
        var interpreted = rig.Engine.Blocks.Where(b => b.Entry != null).Sum(b => b.Exits[(int)BlockExitKind.Interpret]);
        Assert.Equal(50, interpreted);
    }

    [Fact]
    public void ARegionCompiledWhileFrmIsNotRneCallsSoftFloatAndRunsCompiled()
    {
        // The program rounds toward zero from the start: its loop's dynamic-rounding arithmetic is compiled with
        // calls (which serve any mode) rather than the inline RNE path, so the loop runs compiled, with RTZ results.
        var rig = TranslatorRig.AssertMatchesInterpreter("""
                .option norvc
                csrwi frm, 1               # RTZ
                li t0, 3
                fcvt.d.w fa1, t0
                li t0, 10
                fcvt.d.w fa2, t0
                fdiv.d fa1, fa1, fa2       # 0.3, rounded toward zero
                fmv.d.x fa0, zero
                li a1, 200
            1:  fadd.d fa0, fa0, fa1
                fmul.d fa3, fa0, fa1
                fsqrt.d fa4, fa3
                addi a1, a1, -1
                bnez a1, 1b
                fmv.x.d a2, fa0
                fmv.x.d a3, fa4
                frflags a4
            """);
        Assert.True(rig.Engine.Statistics.InterpretedInstructions < 100, $"interpreted: {rig.Engine.Statistics.InterpretedInstructions}"); // the loop is 1000
        Assert.Equal(0L, rig.Engine.Blocks.Where(b => b.Entry != null).Sum(b => b.Exits[(int)BlockExitKind.Interpret]));
    }

    // Reads return 1, 2, 3, ...; offset 8 reads back the sum of everything written.
    private sealed class CountingDevice : IMmioDevice
    {
        private ulong _count, _total;
        public string Name => "test-counter";
        public ulong Size => 0x1000;
        public bool Read(ulong offset, int width, out ulong value)
        {
            value = offset == 8 ? _total : ++_count;
            return true;
        }
        public bool Write(ulong offset, int width, ulong value)
        {
            _total += value;
            return true;
        }
    }

    [Fact]
    public void SatpChangeRunsTheCodeOfTheNewMapping()
    {
        // One virtual page, two physical pages with different code, two page tables; S-mode runs the page thrice.
        var pages = new TwoCodePages();
        var tablesA = new PageTableBuilder(pages.Ram, 0x800A_0000);
        var tablesB = new PageTableBuilder(pages.Ram, 0x800C_0000);
        tablesA.Map(TwoCodePages.Va, TwoCodePages.CodeA, TwoCodePages.Rwx);
        tablesB.Map(TwoCodePages.Va, TwoCodePages.CodeB, TwoCodePages.Rwx);

        foreach (var (satp, expected) in new[] { (tablesA.Satp, 1UL), (tablesB.Satp, 2UL), (tablesA.Satp, 1UL) })
        {
            pages.Hart.Privilege = PrivilegeLevel.Machine;
            Assert.True(CsrAccess.TryWrite(pages.Hart, CsrAddress.Satp, satp));
            Assert.Equal(expected, pages.RunPage());
        }
    }

    [Fact]
    public void AFenceNamingTheCodePageRunsTheCodeOfItsNewMapping()
    {
        // S-mode runs a page; then its leaf is pointed at other code and only that page is fenced (sfence.vma va,
        // after a fence of another page). The translator keeps lookups across fences that name other pages: it
        // must still not run the old code.
        var pages = new TwoCodePages();
        var tables = new PageTableBuilder(pages.Ram, 0x800A_0000);
        ulong leaf = tables.Map(TwoCodePages.Va, TwoCodePages.CodeA, TwoCodePages.Rwx);
        Assert.True(CsrAccess.TryWrite(pages.Hart, CsrAddress.Satp, tables.Satp));
        Assert.Equal(1UL, pages.RunPage());
        Assert.Equal(1UL, pages.RunPage());
        pages.Mmu.FenceVma(TwoCodePages.Va + 0x1000, null);
        Assert.Equal(1UL, pages.RunPage()); // the fence named another page

        ulong pte = pages.Ram.Read(leaf, 8);
        pages.Ram.Write(leaf, 8, (pte & 0x3FF) | ((TwoCodePages.CodeB >> 12) << 10));
        pages.Mmu.FenceVma(TwoCodePages.Va + 8, null);
        Assert.Equal(2UL, pages.RunPage());
    }

    /// <summary>
    /// A translator rig past its prologue, with code in two physical pages (<see cref="WriteCode"/> adding 1 and 2)
    /// for tests to map at <see cref="Va"/>.
    /// </summary>
    private sealed class TwoCodePages
    {
        public const ulong Va = 0x4000_0000, CodeA = 0x8008_0000, CodeB = 0x8009_0000;
        public const ulong Rwx = PageTableEntry.Readable | PageTableEntry.Writable | PageTableEntry.Executable | PageTableEntry.Accessed
            | PageTableEntry.Dirty;
        private readonly TranslatorRig _rig = new("nop");

        public TwoCodePages()
        {
            WriteCode(Ram, CodeA, 1);
            WriteCode(Ram, CodeB, 2);
            _rig.Engine.Run(30); // the prologue: mtvec, PMP
        }

        public Ram Ram => _rig.Guest.Ram;
        public HartState Hart => _rig.Guest.Hart;
        public Mmu Mmu => _rig.Guest.Mmu;

        /// <summary>Runs the code at <see cref="Va"/> in S-mode to its ecall; returns what it added each pass (1 or 2).</summary>
        public ulong RunPage()
        {
            Hart.Privilege = PrivilegeLevel.Supervisor;
            Hart.Pc = Va;
            Hart.X[10] = 0;
            _rig.Engine.Run(200); // the code loops, then ecall traps to M and halts
            Assert.Equal((ulong)ExceptionCause.EnvironmentCallFromSupervisor, Hart.Csrs.Mcause);
            return Hart.X[10] / 10;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void SupervisorLoadsAndStoresThroughTheTlbMatchTheInterpreter(int jitThreshold)
    {
        // M-mode drops to S with Sv39 on: RAM identity-mapped by a gigapage, and VA 0x40000000 aliasing a data page.
        // The loop hits the TLB inline; the final store to a read-only page faults.
        var rig = TranslatorRig.AssertMatchesInterpreter(EnterSupervisor + """
                li s0, 0x40000000
                li s1, 0x80080000
                li a0, 0
                li a1, 200
            1:  sd a1, 8(s0)
                ld a2, 8(s1)           # the same bytes through the identity map
                add a0, a0, a2
                sw a0, 1(s0)           # misaligned, same page
                lwu a3, 1(s1)
                add a0, a0, a3
                addi a1, a1, -1
                bnez a1, 1b
                li s2, 0x40001000
                ld a4, 0(s2)           # read-only page: loads work
                sd a4, 0(s2)           # store page fault
            """, jitThreshold, setup: MapSupervisorPages);
        Assert.Equal((ulong)ExceptionCause.StorePageFault, rig.Guest.X(GuestRig.Mcause));
        Assert.Equal(0x4000_1000UL, rig.Guest.X(GuestRig.Mtval));
        Assert.True(rig.Engine.Statistics.TranslatedInstructions > 1000);
    }

    private const ulong SupervisorTables = 0x800A_0000;
    private const ulong SupervisorSatp = (8UL << 60) | (SupervisorTables >> 12);

    // M-mode drops to S with Sv39 on (the tables MapSupervisorPages builds).
    private static readonly string EnterSupervisor = $"""
            la t0, smode
            csrw mepc, t0
            li t0, 0x1800
            csrc mstatus, t0
            li t0, 0x800
            csrs mstatus, t0       # MPP = S
            li t0, {SupervisorSatp}
            csrw satp, t0
            sfence.vma
            mret
        smode:

        """;

    private static void MapSupervisorPages(GuestRig rig)
    {
        var tables = new PageTableBuilder(rig.Ram, SupervisorTables);
        ulong ad = PageTableEntry.Accessed | PageTableEntry.Dirty;
        tables.Map(0x8000_0000, 0x8000_0000, PageTableEntry.Readable | PageTableEntry.Writable | PageTableEntry.Executable | ad, level: 2);
        tables.Map(0x4000_0000, 0x8008_0000, PageTableEntry.Readable | PageTableEntry.Writable | ad);
        tables.Map(0x4000_1000, 0x8008_1000, PageTableEntry.Readable | ad);
        tables.Map(0x1000_0000, 0x1000_0000, PageTableEntry.Readable | PageTableEntry.Writable | ad); // a test device's page
    }

    // a0 += value, ten times, then ecall.
    private static void WriteCode(Ram ram, ulong address, int value)
    {
        uint[] code =
        {
            0x00A00293,                                   // li t0, 10
            0x00050513 | ((uint)value << 20),             // addi a0, a0, value
            0xFFF28293,                                   // addi t0, t0, -1
            0xFE029CE3,                                   // bnez t0, -8
            0x00000073,                                   // ecall
        };
        for (int i = 0; i < code.Length; i++)
            ram.Write(address + (ulong)(4 * i), 4, code[i]);
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
