namespace Translator.Engines.Translation;

/// <summary>Compiled guest code: runs from the block's start with the guest registers at <paramref name="registers"/>.</summary>
/// <returns>The instructions retired, with the <see cref="BlockExitKind"/> above bit 48 (see <see cref="BlockResult"/>).</returns>
internal delegate long BlockCode(ref ulong registers);

/// <summary>
/// One guest block in the cache: while cold, a counter of how often it started; once hot, its compiled
/// <see cref="System.Reflection.Emit.DynamicMethod"/> delegate with metadata for the profile. Identified by physical pc, virtual pc (the code
/// bakes virtual pcs in) and whether its memory accesses may go straight to RAM.
/// </summary>
public sealed class TranslatedBlock
{
    internal TranslatedBlock(BlockKey key, int instructionCount, int byteLength, bool translatable)
    {
        Key = key;
        InstructionCount = instructionCount;
        ByteLength = byteLength;
        Translatable = translatable;
    }

    internal BlockKey Key { get; }

    /// <summary>The guest virtual pc of the first instruction.</summary>
    public ulong GuestPc => Key.VirtualPc;

    /// <summary>The physical address of the first instruction.</summary>
    public ulong PhysicalPc => Key.PhysicalPc;

    /// <summary>Guest instructions in the block (for an untranslatable block, the run the interpreter executes).</summary>
    public int InstructionCount { get; }

    /// <summary>Bytes of guest code the block covers from its start.</summary>
    public int ByteLength { get; }

    /// <summary>Whether the block starts with an instruction the translator compiles.</summary>
    public bool Translatable { get; }

    /// <summary>How many times the block was entered.</summary>
    public long ExecutionCount { get; internal set; }

    /// <summary>Bytes of IL emitted, once translated.</summary>
    public int IlSize { get; internal set; }

    /// <summary>Time spent decoding, emitting and compiling, once translated.</summary>
    public TimeSpan TranslationTime { get; internal set; }

    /// <summary>Guest instructions retired inside the compiled code.</summary>
    public long InstructionsRetired { get; internal set; }

    /// <summary>Exits by <see cref="BlockExitKind"/>.</summary>
    public long[] Exits { get; } = new long[5];

    /// <summary>False once invalidated (code written, cache flushed); the dispatcher never runs it again.</summary>
    public bool Valid { get; internal set; } = true;

    /// <summary>Whether the block has been compiled.</summary>
    public bool IsTranslated => Code != null;

    internal BlockCode? Code;

    // Whether the code has run once (RyuJIT compiled it then).
    internal bool Compiled;

    // What the compiled code assumes of the FP state (see FloatingPointNeeds); the dispatcher interprets the block
    // instead when the hart does not provide it.
    internal FloatingPointNeeds FloatingPoint;

    /// <summary>Whether mstatus.FS and frm allow the compiled code to run (it has no check of its own).</summary>
    internal bool FloatingPointReady(Hart.CsrFile csrs) =>
        FloatingPoint == FloatingPointNeeds.None
        || ((csrs.Mstatus & Hart.MstatusBits.Fs) != 0
            && ((FloatingPoint & FloatingPointNeeds.ValidFrm) == 0 || csrs.Frm <= (uint)SoftFloat.RoundingMode.NearestMaxMagnitude));

    // The decoded instructions, kept until the block is compiled.
    internal GuestBlock? Guest;

    // Chaining: the last two direct successors, each valid only while both blocks are valid and the mapping
    // epoch it was recorded in holds.
    internal TranslatedBlock? Next0, Next1;
    internal ulong Next0Epoch, Next1Epoch;
}

/// <summary>
/// What a block's translation depends on: where it is, the virtual pc its code bakes in, and how its loads and stores
/// may be inlined (<see cref="DirectRam"/>, a TLB permission context 0..7, or <see cref="ViaMmu"/>).
/// </summary>
internal readonly record struct BlockKey(ulong PhysicalPc, ulong VirtualPc, int Memory)
{
    /// <summary>Every access calls the MMU (M-mode checked by locked PMP entries).</summary>
    public const int ViaMmu = -1;

    /// <summary>M-mode without MPRV: RAM is accessed directly.</summary>
    public const int DirectRam = 8;
}
