namespace Translator.Tools.Difftest;

/// <summary>How often and how much the lockstep difftest compares.</summary>
public sealed record LockstepOptions
{
    /// <summary>
    /// The budget the subject gets between checks. The subject may stop earlier (at the end of a translated block);
    /// the reference then runs exactly as many instructions.
    /// </summary>
    public ulong CheckBudget { get; init; } = 256;

    /// <summary>
    /// Every this many instructions (and at the end) all of RAM is compared, which catches a subject store that went
    /// somewhere the reference never wrote. Zero turns sweeps off.
    /// </summary>
    public ulong FullSweepInterval { get; init; } = 1UL << 24;

    /// <summary>Physical ranges compared at every check besides the pages the reference wrote (a fuzz program's code and data).</summary>
    public IReadOnlyList<(ulong Address, ulong Size)> AlwaysCompared { get; init; } = [];
}
