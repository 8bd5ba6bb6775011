namespace Translator.Tools.Difftest;

/// <summary>One instruction of the block that diverged, as the reference executed it during the replay.</summary>
/// <param name="Pc">Its address.</param>
/// <param name="Raw">Its bits (a 16-bit instruction zero-extended), or null when it could not be fetched.</param>
public sealed record BlockStep(ulong Pc, uint? Raw);

/// <summary>Bytes that differ between the two machines' RAM.</summary>
/// <param name="Address">The physical address of the first differing byte.</param>
/// <param name="Reference">The reference machine's bytes there.</param>
/// <param name="Subject">The subject machine's bytes there.</param>
public sealed record MemoryDifference(ulong Address, byte[] Reference, byte[] Subject);

/// <summary>What the lockstep difftest found when the two machines stopped agreeing.</summary>
public sealed record Divergence
{
    /// <summary>A one-line description of what differed (state, executed count, stop, memory).</summary>
    public required string Summary { get; init; }

    /// <summary>Instructions both machines executed in agreement before the diverging block.</summary>
    public required ulong AgreedInstructions { get; init; }

    /// <summary>The pc where the diverging block started.</summary>
    public required ulong BlockPc { get; init; }

    /// <summary>Instructions the subject ran in the diverging block.</summary>
    public required ulong BlockLength { get; init; }

    /// <summary>The state both machines agreed on before the block.</summary>
    public required ulong[] StateBefore { get; init; }

    /// <summary>The block's instructions as the reference replayed them one at a time (empty without a replay).</summary>
    public IReadOnlyList<BlockStep> Block { get; init; } = [];

    /// <summary>
    /// The index in <see cref="Block"/> of the instruction after which the states first differ, or null when the
    /// one-at-a-time replay agreed (the subject diverges only when it runs the block whole) or there was no replay.
    /// </summary>
    public int? FirstDifferingStep { get; init; }

    /// <summary>The reference's state where the difference is shown.</summary>
    public required ulong[] Reference { get; init; }

    /// <summary>The subject's state where the difference is shown.</summary>
    public required ulong[] Subject { get; init; }

    /// <summary>RAM differences where the difference is shown.</summary>
    public IReadOnlyList<MemoryDifference> Memory { get; init; } = [];

    /// <summary>Extra lines for the report (how the first difference was located).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
