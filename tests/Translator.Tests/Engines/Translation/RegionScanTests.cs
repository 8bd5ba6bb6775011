using Translator.Engines.Translation;
using Xunit;

namespace Translator.Tests.Engines.Translation;

/// <summary>What <see cref="GuestBlock.ScanRegion"/> takes into a region: the most entered code of its page, and the code it calls in a few others.</summary>
public sealed class RegionScanTests
{
    // The entry branches to a long run seen once; a jump-table case, reachable by no branch, was entered 1000 times.
    // Together they exceed a region's size.
    private const int ColdLength = 300, HotLength = 100;
    private const int ColdOffset = 8, HotOffset = ColdOffset + 4 * (ColdLength + 1);
    private static readonly string Page = $"""
            .option norvc
        entry:
            beqz a0, cold
            ret
        cold:
            .rept {ColdLength}
            addi a1, a1, 1
            .endr
            ret
        hot:
            .rept {HotLength}
            addi a2, a2, 1
            .endr
            ret
        __halt:
        """;

    [Fact]
    public unsafe void AFullRegionTakesTheMostEnteredRunsAndLeavesOutTheColdest()
    {
        var image = SnippetAssembler.Assemble(Page);
        var page = new byte[GuestBlock.PageSize];
        image.Bytes.AsSpan(0, Math.Min(image.Bytes.Length, page.Length)).CopyTo(page);
        GuestBlock region;
        fixed (byte* host = page)
            region = GuestBlock.ScanRegion(host, 0, SnippetAssembler.Base,
                [new SeenRun(4, 5), new SeenRun(ColdOffset, 1), new SeenRun(HotOffset, 1000)], [HotOffset]);

        Assert.Equal(GuestBlock.MaxInstructions, region.Count);
        for (int i = 0; i <= HotLength; i++)
            Assert.True(region.IndexOf(SnippetAssembler.Base + (ulong)(HotOffset + 4 * i)) >= 0, $"hot instruction {i} left out");
        Assert.True(region.IndexOf(SnippetAssembler.Base + 4) >= 0, "the entry's fall-through left out");
        // What did not fit is the end of the cold run.
        Assert.True(region.IndexOf(SnippetAssembler.Base + (ulong)(ColdOffset + 4 * (ColdLength - 1))) < 0);
    }

    [Fact]
    public unsafe void EveryRunSeenEnteredIsALeaderOfTheRegion()
    {
        // A jump table entered the hot run in its middle: the region must be enterable there, where no branch leads.
        var image = SnippetAssembler.Assemble(Page);
        var page = new byte[GuestBlock.PageSize];
        image.Bytes.AsSpan(0, Math.Min(image.Bytes.Length, page.Length)).CopyTo(page);
        const int MidHot = HotOffset + 4 * 40;
        GuestBlock region;
        fixed (byte* host = page)
            region = GuestBlock.ScanRegion(host, HotOffset, SnippetAssembler.Base + HotOffset, [new SeenRun(MidHot, 3)], []);

        Assert.True(region.IsLeader(SnippetAssembler.Base + MidHot));
        Assert.False(region.IsLeader(SnippetAssembler.Base + MidHot + 4)); // only where runs were seen to start
        Assert.True(region.IndexOf(SnippetAssembler.Base + MidHot + 4) >= 0);
    }

    [Fact]
    public unsafe void AnInstructionStraddlingThePageEndTakesItsUpperHalfFromTheNextPageWhereThatIsGiven()
    {
        // addi a1, a1, 0x123 at offset 0xffe: the page holds its low half, the next page (elsewhere in physical
        // memory) its high half.
        const uint Addi = 0x12358593;
        var page = new byte[GuestBlock.PageSize];
        var next = new byte[GuestBlock.PageSize];
        BitConverter.GetBytes((ushort)(Addi & 0xFFFF)).CopyTo(page, GuestBlock.PageSize - 2);
        BitConverter.GetBytes((ushort)(Addi >> 16)).CopyTo(next, 0);
        const ulong Physical = 0x8004_0000, NextPhysical = 0x8009_0000;
        const int Entry = GuestBlock.PageSize - 2;
        const ulong Pc = SnippetAssembler.Base + Entry;
        fixed (byte* host = page)
        fixed (byte* nextHost = next)
        {
            var pages = new FixedCodePages(new CodePage(new PageMapping(SnippetAssembler.Base + GuestBlock.PageSize, NextPhysical), (nint)nextHost, []));
            var straddling = GuestBlock.ScanRegion(host, Entry, Pc, [], [], pages);
            Assert.Equal(1, straddling.Count);
            Assert.Equal(Pc + 4, straddling.Pcs[0] + straddling.Instructions[0].Length); // ends 2 bytes into the next page
            Assert.Equal(0x123, straddling.Instructions[0].Imm);
            Assert.Equal(Isa.Opcode.Addi, straddling.Instructions[0].Opcode);
            Assert.Equal([new CodeRange(Physical + Entry, 2), new CodeRange(NextPhysical, 2)], straddling.PhysicalRanges(Physical + Entry));
            Assert.Equal([new PageMapping(SnippetAssembler.Base + GuestBlock.PageSize, NextPhysical)], straddling.OtherPages);

            // Without the next page the cold scan is empty (the interpreter runs the instruction) and a region ends before it.
            Assert.Equal(0, GuestBlock.Scan(host, Entry, Pc).Count);
            Assert.Equal(1, GuestBlock.Scan(host, Entry, Pc, pages).Count);
            Assert.Equal(0, GuestBlock.ScanRegion(host, Entry, Pc, [], []).Count);
        }
    }

    // A loop in the first page calls a function in each of the next MaxOtherPages + 1 pages (each seen running) and
    // then jumps to the page after them, seen too.
    private const int Callees = GuestBlock.MaxOtherPages + 1, CallerLength = Callees + 3;
    private static readonly string Caller = $"""
            .option norvc
        entry:
        {Lines(n => $"jal ra, callee{n}")}
            addi a0, a0, -1
            bnez a0, entry
            j elsewhere
        {Lines(n => $".org {n * GuestBlock.PageSize}\ncallee{n}:\naddi a{n}, a{n}, 1\nret")}
            .org {(Callees + 1) * GuestBlock.PageSize}
        elsewhere:
            addi a7, a7, 1
            ret
        __halt:
        """;

    // The lines each callee's `line` gives, one after another.
    private static string Lines(Func<int, string> line) => string.Concat(Enumerable.Range(1, Callees).Select(n => line(n) + "\n"));

    // The caller's runs: its entry, the return sites and the jump after the loop.
    private static readonly SeenRun[] CallerRuns =
        [.. Enumerable.Range(0, Callees + 1).Select(n => new SeenRun(4 * n, 10)), new SeenRun(4 * (CallerLength - 1), 1)];

    // Physical frames of the caller's other pages, out of order and apart, as a guest's page tables may scatter them.
    private static readonly ulong[] Frames =
        [.. Enumerable.Range(1, Callees + 1).Select(n => 0x8000_0000UL + (ulong)(n * 47 % 64) * 0x10_0000)];

    [Fact]
    public unsafe void ARegionTakesInTheSeenCodeOfTheFirstPagesItCallsIntoAndMapsItToTheirFrames()
    {
        var image = SnippetAssembler.Assemble(Caller);
        const ulong Physical = 0x8004_0000;
        fixed (byte* host = image.Bytes)
        {
            var region = GuestBlock.ScanRegion(host, 0, SnippetAssembler.Base, CallerRuns, [], OtherPagesOf(host, seen: true));

            // The caller and the first MaxOtherPages callees (2 instructions each): the last callee's page is beyond
            // the limit, and a jump (not a call) does not take the page after it in.
            Assert.Equal(CallerLength + 2 * GuestBlock.MaxOtherPages, region.Count);
            Assert.True(region.IsLeader(SnippetAssembler.Base + GuestBlock.PageSize));
            ulong lastTaken = SnippetAssembler.Base + (ulong)(GuestBlock.MaxOtherPages * GuestBlock.PageSize);
            Assert.True(region.IndexOf(lastTaken + 4) >= 0);
            Assert.True(region.IndexOf(SnippetAssembler.Base + (ulong)(Callees * GuestBlock.PageSize)) < 0);
            Assert.True(region.IndexOf(SnippetAssembler.Base + (ulong)((Callees + 1) * GuestBlock.PageSize)) < 0);
            var taken = Enumerable.Range(1, GuestBlock.MaxOtherPages).ToArray();
            Assert.Equal(taken.Select(n => new PageMapping(SnippetAssembler.Base + (ulong)(n * GuestBlock.PageSize), Frames[n - 1])),
                region.OtherPages);
            Assert.Equal([new CodeRange(Physical, 4 * CallerLength), .. taken.Select(n => new CodeRange(Frames[n - 1], 8))],
                region.PhysicalRanges(Physical));
        }
    }

    [Fact]
    public unsafe void CodeOfAnotherPageNeverSeenRunningStaysOut()
    {
        var image = SnippetAssembler.Assemble(Caller);
        fixed (byte* host = image.Bytes)
        {
            var region = GuestBlock.ScanRegion(host, 0, SnippetAssembler.Base, CallerRuns, [], OtherPagesOf(host, seen: false));
            Assert.Equal(CallerLength, region.Count);
            Assert.Empty(region.OtherPages);
        }
    }

    [Fact]
    public unsafe void AScanThatOpensSeveralPagesAllocatesTensOfKilobytesNotHundreds()
    {
        // The dispatcher scans on the guest's thread: per-page tables of whole decoded instructions and counts
        // (~100 KB a page) made a printf benchmark's run allocate 17 MB and collect garbage.
        var image = SnippetAssembler.Assemble(Caller);
        fixed (byte* host = image.Bytes)
        {
            var pages = OtherPagesOf(host, seen: true);
            GuestBlock.ScanRegion(host, 0, SnippetAssembler.Base, CallerRuns, [], pages); // first-call costs out of the way
            long before = GC.GetAllocatedBytesForCurrentThread();
            var region = GuestBlock.ScanRegion(host, 0, SnippetAssembler.Base, CallerRuns, [], pages);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(GuestBlock.MaxOtherPages, region.OtherPages.Length); // it opened one page more than it decoded from
            Assert.InRange(allocated, 1, 16 * 1024 * (Callees + 1));
        }
    }

    // A call through a register: its run was seen going on to `callee`, never to `other`.
    private const string CallThroughRegister = """
            .option norvc
        entry:
            jalr ra, 0(a5)
            addi a0, a0, 1
            ret
        callee:
            addi a1, a1, 1
            ret
        other:
            addi a2, a2, 1
            ret
        __halt:
        """;

    private const int CalleeOffset = 12, OtherOffset = 20;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public unsafe void ACallThroughARegisterTakesInTheOneFunctionItWasSeenCalling(bool successorSeen)
    {
        var image = SnippetAssembler.Assemble(CallThroughRegister);
        const ulong Callee = SnippetAssembler.Base + CalleeOffset;
        fixed (byte* host = image.Bytes)
        {
            var region = GuestBlock.ScanRegion(host, 0, SnippetAssembler.Base,
                [new SeenRun(0, 10, successorSeen ? Callee : 0), new SeenRun(4, 10), new SeenRun(CalleeOffset, 10), new SeenRun(OtherOffset, 10)], []);

            // The call, its return site and (only where seen) the callee, which the jalr may then jump to; never `other`.
            Assert.Equal(successorSeen ? 5 : 3, region.Count);
            Assert.Equal(successorSeen ? Callee : 0, region.CallTargetOf(0));
            Assert.Equal(successorSeen, region.IsLeader(Callee));
            Assert.True(region.IndexOf(SnippetAssembler.Base + OtherOffset) < 0);
            Assert.Equal(0UL, region.CallTargetOf(1));
        }
    }

    // The caller's pages after the first, at Frames, each with the run at its start seen (or none).
    private static unsafe FixedCodePages OtherPagesOf(byte* host, bool seen) =>
        new(Enumerable.Range(1, Frames.Length).Select(page => new CodePage(
            new PageMapping(SnippetAssembler.Base + (ulong)(page * GuestBlock.PageSize), Frames[page - 1]),
            (nint)(host + page * GuestBlock.PageSize), seen ? [new SeenRun(0, 10)] : [])).ToArray());

    private sealed class FixedCodePages(params CodePage[] pages) : ICodePageSource
    {
        public bool TryGet(ulong virtualBase, out CodePage page)
        {
            page = pages.FirstOrDefault(p => p.Mapping.Virtual == virtualBase);
            return page.SeenRuns != null;
        }
    }
}
