namespace Translator.Engines.Translation;

/// <summary>How a translated block returned to the dispatcher; encoded above the retired count in its result.</summary>
public enum BlockExitKind
{
    /// <summary>To a pc known at translation time (branch, jal, fall-through); the dispatcher chains these.</summary>
    Direct,
    /// <summary>To a computed pc (jalr); found through the lookup table.</summary>
    Indirect,
    /// <summary>An instruction raised an exception; the dispatcher takes it.</summary>
    Trap,
    /// <summary>After a store that hit translated code or stopped the machine.</summary>
    StoreEnded,
    /// <summary>A loop inside the block ran out of instruction allowance.</summary>
    Budget,
    /// <summary>Before a load or store that cannot take the inline path; the dispatcher runs it in the interpreter.</summary>
    Interpret,
}

/// <summary>Packs a block's exit kind and retired count into the block's return value.</summary>
internal static class BlockResult
{
    public const int KindShift = 48;

    /// <summary>How many <see cref="BlockExitKind"/>s there are (the length of per-kind counters).</summary>
    public const int KindCount = (int)BlockExitKind.Interpret + 1;
    public const long RetiredMask = (1L << KindShift) - 1;

    public static long Encode(BlockExitKind kind) => (long)kind << KindShift;

    public static BlockExitKind Kind(long result) => (BlockExitKind)(result >> KindShift);

    public static long Retired(long result) => result & RetiredMask;
}
