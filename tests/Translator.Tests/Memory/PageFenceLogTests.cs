using Translator.Engines.Translation;
using Translator.Memory;
using Xunit;

namespace Translator.Tests.Memory;

/// <summary>Which sfence.vma that named an address can have changed a fetch's mapping, and the lookups that rely on it.</summary>
public sealed class PageFenceLogTests
{
    private const ulong Pc = 0xFFFF_FFFF_8020_1234;

    [Fact]
    public void AFenceChangesOnlyTheLeafThatMapsItsAddress()
    {
        var log = new PageFenceLog();
        log.Add(Pc + 0x1000); // the next page
        Assert.False(log.AnySince(0, Pc, FetchLeaf.Page));
        Assert.True(log.AnySince(0, Pc, FetchLeaf.Superpage)); // the same gigapage
        log.Add(0x3F_FFFF_F000); // a user page, far away
        Assert.False(log.AnySince(1, Pc, FetchLeaf.Superpage));
        log.Add(Pc & ~0xFFFUL);
        Assert.True(log.AnySince(1, Pc, FetchLeaf.Page));
        Assert.False(log.AnySince(3, Pc, FetchLeaf.Page)); // only fences after the first three count
        Assert.False(log.AnySince(0, Pc, FetchLeaf.Untranslated));
    }

    [Fact]
    public void FencesTheLogNoLongerHoldsCountAsChanges()
    {
        var log = new PageFenceLog();
        for (int i = 0; i < 100; i++)
            log.Add(0x1000);
        Assert.True(log.AnySince(0, Pc, FetchLeaf.Page));
        Assert.False(log.AnySince(50, Pc, FetchLeaf.Page));
    }

    [Fact]
    public void ALookupOutlivesFencesOfOtherPagesOnly()
    {
        var log = new PageFenceLog();
        var cache = new BlockCache(0x8000_0000, 1 << 20, 16, new ChainEntry[1 << BlockRuntime.ChainBits], log);
        var block = new TranslatedBlock(new BlockKey(0x8000_0000, Pc, BlockKey.ViaMmu), 1, [new CodeRange(0x8000_0000, 4)], translatable: true);
        cache.Remember(Pc, 1, block, FetchLeaf.Page);
        log.Add(0x1000);
        Assert.Same(block, cache.Lookup(Pc, 1));
        log.Add(Pc);
        Assert.Null(cache.Lookup(Pc, 1));
    }
}
