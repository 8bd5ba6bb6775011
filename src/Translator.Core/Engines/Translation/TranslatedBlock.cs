namespace Translator.Engines.Translation;

/// <summary>Compiled guest code: runs from the block's start with the guest registers at <paramref name="registers"/>.</summary>
/// <returns>The instructions retired, with the <see cref="BlockExitKind"/> above bit 48 (see <see cref="BlockResult"/>).</returns>
internal delegate long BlockCode(ref ulong registers);

/// <summary>
/// One entry point in the cache: while cold, a counter of how often it started; once hot, the compiled region
/// (<see cref="System.Reflection.Emit.DynamicMethod"/>) it enters, with metadata for the profile. Any leader of a
/// compiled region can get an entry (made when the dispatcher first arrives there), so code reached from elsewhere
/// (a return site, a loop head after a budget exit) runs in the same region. Identified by physical pc, virtual pc
/// (the code bakes virtual pcs in) and how its memory accesses are inlined.
/// </summary>
public sealed class TranslatedBlock
{
    internal TranslatedBlock(BlockKey key, int instructionCount, CodeRange[] code, bool translatable, PageMapping[]? otherPages = null)
    {
        Key = key;
        InstructionCount = instructionCount;
        Code = code;
        OtherPages = otherPages ?? PageMapping.None;
        Translatable = translatable;
    }

    internal BlockKey Key { get; }

    /// <summary>The guest virtual pc of the first instruction.</summary>
    public ulong GuestPc => Key.VirtualPc;

    /// <summary>The physical address of the first instruction.</summary>
    public ulong PhysicalPc => Key.PhysicalPc;

    /// <summary>Guest instructions in the unit (its region's, or for an untranslatable block the run the interpreter executes).</summary>
    public int InstructionCount { get; internal set; }

    // The unit's guest code in physical memory (a region's may lie below its entry); a write there invalidates it.
    // Changed only through BlockCache.SetCode once the block is held.
    internal CodeRange[] Code;

    // The pages besides PhysicalPc's that hold some of Code (a straddler's upper half, code of other pages a region
    // took in), where their virtual pages mapped when the code was decoded: the block holds only while they still
    // map there. Changed with Code.
    internal PageMapping[] OtherPages = PageMapping.None;

    internal bool CodeOverlaps(ulong physical, int width)
    {
        foreach (var range in Code)
            if (range.Overlaps(physical, width))
                return true;
        return false;
    }

    /// <summary>Whether the block starts with an instruction the translator compiles.</summary>
    public bool Translatable { get; }

    /// <summary>How many times the block was entered.</summary>
    public long ExecutionCount => Dispatched + (Context?.ChainedEntries ?? 0);

    // Entries by the dispatcher (the count a cold block becomes hot by); compiled code counts its own in Context.
    internal long Dispatched;

    // Where the interpreter went on after running the block while it was cold: the one pc seen (a call through a
    // function pointer or vtable that always reaches the same function, say), ManySuccessors, or 0 before any.
    private ulong _successor;

    private const ulong ManySuccessors = ulong.MaxValue;

    internal void NoteSuccessor(ulong pc)
    {
        if (_successor == 0)
            _successor = pc;
        else if (_successor != pc)
            _successor = ManySuccessors;
    }

    /// <summary>The one pc the block was seen going on to, or 0 (none seen, or more than one).</summary>
    internal ulong OnlySuccessor => _successor == ManySuccessors ? 0 : _successor;

    /// <summary>Bytes of IL emitted, once translated.</summary>
    public int IlSize => Region?.IlSize ?? 0;

    /// <summary>Identifies the compiled unit (region) this entry runs; entries into the same unit share it. Null while cold.</summary>
    public long? UnitId => Region?.Id;

    /// <summary>Time spent decoding, emitting and compiling, once translated.</summary>
    public TimeSpan TranslationTime { get; internal set; }

    /// <summary>Guest instructions retired inside the compiled code.</summary>
    public long InstructionsRetired => RetiredAtExits + (Context?.ChainedRetired ?? 0);

    // Retired by the runs whose last region was this entry's (compiled code counts the others in Context).
    internal long RetiredAtExits;

    /// <summary>Exits by <see cref="BlockExitKind"/>, to the dispatcher or straight into another region.</summary>
    public long[] Exits
    {
        get
        {
            var exits = (long[])DispatchedExits.Clone();
            if (Context is { } context)
                for (int kind = 0; kind < context.ChainedExits.Length; kind++)
                    exits[kind] += context.ChainedExits[kind];
            return exits;
        }
    }

    // Exits to the dispatcher, by kind.
    internal readonly long[] DispatchedExits = new long[BlockResult.KindCount];

    /// <summary>False once invalidated (code written, cache flushed); the dispatcher never runs it again.</summary>
    public bool Valid { get; internal set; } = true;

    /// <summary>Whether the block has been compiled.</summary>
    public bool IsTranslated => Entry != null;

    // Runs the region from this block's pc, once compiled.
    internal BlockCode? Entry;

    // The region Entry runs.
    internal CompiledRegion? Region;

    // The next block the cache holds at the same physical pc (another virtual pc or memory path), if any.
    internal TranslatedBlock? SamePhysicalPc;

    // What Entry is closed over.
    internal BlockContext? Context;

    // A region rooted here is being compiled in the background.
    internal bool Compiling;

    /// <summary>Whether mstatus.FS and frm allow the compiled code to run (it has no check of its own).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] // once per dispatch
    internal bool FloatingPointReady(Hart.CsrFile csrs) =>
        Region is not { FloatingPoint: var needs } || needs == FloatingPointNeeds.None
        || ((csrs.Mstatus & Hart.MstatusBits.Fs) != 0
            && ((needs & FloatingPointNeeds.NearestEven) != 0 ? csrs.Frm == (uint)SoftFloat.RoundingMode.NearestEven
                : (needs & FloatingPointNeeds.ValidFrm) == 0 || csrs.Frm <= (uint)SoftFloat.RoundingMode.NearestMaxMagnitude));

    // Chaining: the last two direct successors, each valid only while both blocks are valid and the mapping
    // epoch it was recorded in holds.
    internal TranslatedBlock? Next0, Next1;
    internal ulong Next0Epoch, Next1Epoch;
}

/// <summary>
/// What a block's translation depends on: where it is, the virtual pc its code bakes in, and how its loads and stores
/// may be inlined (<see cref="DirectRam"/>, a TLB permission context 0..7, <see cref="UserLinear"/>, or <see cref="ViaMmu"/>).
/// </summary>
internal readonly record struct BlockKey(ulong PhysicalPc, ulong VirtualPc, int Memory)
{
    /// <summary>Every access calls the MMU (M-mode checked by locked PMP entries).</summary>
    public const int ViaMmu = -1;

    /// <summary>M-mode without MPRV: RAM is accessed directly.</summary>
    public const int DirectRam = 8;

    /// <summary>U-mode under the satp of the MMU's <see cref="Memory.LinearUserWindow"/>: its pages are accessed directly.</summary>
    public const int UserLinear = 9;
}
