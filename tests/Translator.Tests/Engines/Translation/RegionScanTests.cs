using Translator.Engines.Translation;
using Xunit;

namespace Translator.Tests.Engines.Translation;

/// <summary>What <see cref="GuestBlock.ScanRegion"/> takes into a region when the page has more seen code than fits.</summary>
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
        fixed (byte* host = page)
        fixed (byte* nextHost = next)
        {
            var straddling = GuestBlock.ScanRegion(host, Entry, SnippetAssembler.Base + Entry, [], [], nextHost);
            Assert.Equal(1, straddling.Count);
            Assert.True(straddling.StraddlesPageEnd);
            Assert.Equal(0x123, straddling.Instructions[0].Imm);
            Assert.Equal(Isa.Opcode.Addi, straddling.Instructions[0].Opcode);
            Assert.Equal([new CodeRange(Physical + Entry, 2), new CodeRange(NextPhysical, 2)], straddling.PhysicalRanges(Physical + Entry, NextPhysical));

            // Without the next page the cold scan is empty (the interpreter runs the instruction) and a region ends before it.
            Assert.Equal(0, GuestBlock.Scan(host, Entry, SnippetAssembler.Base + Entry).Count);
            Assert.Equal(1, GuestBlock.Scan(host, Entry, SnippetAssembler.Base + Entry, nextHost).Count);
            Assert.Equal(0, GuestBlock.ScanRegion(host, Entry, SnippetAssembler.Base + Entry, [], []).Count);
        }
    }
}
