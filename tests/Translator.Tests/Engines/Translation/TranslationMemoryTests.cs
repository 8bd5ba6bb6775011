using System.Runtime.CompilerServices;
using Xunit;

namespace Translator.Tests.Engines.Translation;

/// <summary>The translation cache is bounded and evicted code is collectable.</summary>
/// <remarks>Measures process-wide managed memory, so it runs alone, not beside other tests.</remarks>
[Collection(MemoryMeasurementCollection.Name)]
public sealed class TranslationMemoryTests
{
    // Rewrites the body of a compiled loop on every pass, so every pass invalidates and retranslates it.
    private const string Rewriter = """
    .option norvc
            li s1, 0
            la t1, patch
            la t2, replacement
            lw t3, 0(t2)
            lui t5, 0x100              # 1 in the I-type immediate field
        loop:
        patch:
            addi a0, a0, 1
            addi a1, a1, 1
            addi t4, t4, 1
            sw t3, 0(t1)
            fence.i
            add t3, t3, t5             # a different immediate next time: new code every pass
            j loop
        replacement:
            addi a0, a0, 1
    """;

    [Fact]
    public void HeavyInvalidationKeepsAFlatFootprint()
    {
        var rig = new TranslatorRig(Rewriter, jitThreshold: 0, capacity: 256);
        rig.Engine.Run(3_000);
        long baseline = SettledMemory();
        for (int i = 0; i < 10; i++)
            rig.Engine.Run(1_500);
        long after = SettledMemory();
        Assert.True(rig.Engine.Invalidations > 1_000, $"invalidations: {rig.Engine.Invalidations}");
        Assert.True(rig.Engine.CachedBlocks <= 256);
        Assert.True(after - baseline < 1 << 20, $"managed memory grew from {baseline} to {after} bytes");
    }

    [Fact]
    public void EvictedBlocksAreCollected()
    {
        var rig = new TranslatorRig(Rewriter, jitThreshold: 0, capacity: 64);
        var references = RunAndTrackBlocks(rig);
        rig.Engine.FlushCache();
        rig.Engine.Run(2_000); // overwrites the lookup and chain references to the old blocks
        rig.Engine.FlushCache();
        SettledMemory();
        int alive = references.Count(r => r.TryGetTarget(out _));
        Assert.True(alive <= references.Count / 10, $"{alive} of {references.Count} evicted blocks still reachable");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference<object>> RunAndTrackBlocks(TranslatorRig rig)
    {
        rig.Engine.Run(2_000);
        return rig.Engine.Blocks.Where(b => b.IsTranslated).Select(b => new WeakReference<object>(b.Code!)).ToList();
    }

    private static long SettledMemory()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

/// <summary>Tests in this collection run with nothing else running, so memory measurements are their own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Memory measurement (runs alone)";
}
