using System.Runtime.CompilerServices;
using Translator.Hart;
using Translator.Memory;

namespace Translator.Engines.Translation;

/// <summary>
/// The state a translated block shares with its dispatcher: the exit pc, the instruction allowance, the trap a
/// block reports, and the slow paths that blocks call for memory accesses they do not handle inline.
/// Every compiled block is a delegate closed over one instance of this class (argument 0 of the IL).
/// </summary>
internal sealed class BlockRuntime
{
    /// <summary>Outcome of <see cref="Store"/>.</summary>
    public const int StoreDone = 0, StoreFaulted = 1, StoreDoneEndBlock = 2;

    private readonly Mmu _mmu;
    private readonly CsrFile _csrs;

    /// <summary>The hart's CSRs (translated floating point reads frm and mstatus.FS, and accumulates fflags and FS).</summary>
    public readonly CsrFile Csrs;

    /// <summary>The hart's f registers (translated floating point keeps the ones a block uses in locals).</summary>
    public readonly ulong[] FloatRegisters;

    public BlockRuntime(Mmu mmu)
    {
        _mmu = mmu;
        Stop = mmu.Bus.Stop;
        _csrs = Csrs = mmu.Hart.Csrs;
        FloatRegisters = mmu.Hart.F;
    }

    /// <summary>The machine's stop request, which compiled code checks before it enters another region.</summary>
    public readonly MachineStop Stop;

    /// <summary>
    /// Compiled entries that compiled code may enter directly at a direct or indirect exit, by virtual pc
    /// (<see cref="ChainSlot"/>). The dispatcher fills them; an entry counts only while its tag is <see cref="ChainTag"/>.
    /// </summary>
    public readonly ChainEntry[] Chains = new ChainEntry[1 << ChainBits];

    /// <summary>Bits of the virtual pc (above bit 0) that index <see cref="Chains"/>.</summary>
    public const int ChainBits = 12;

    /// <summary>The index in <see cref="Chains"/> for virtual <paramref name="pc"/>.</summary>
    public static int ChainSlot(ulong pc) => (int)(pc >> 1) & ((1 << ChainBits) - 1);

    /// <summary>
    /// What a chain entry must carry to be entered now: the current lookup context and the generation of the code and
    /// mappings it was found under; 0 (no entry has it) while the dispatcher has not worked the context out.
    /// </summary>
    public ulong ChainTag;

    /// <summary>Instructions retired by regions that went on into another region in this call; the dispatcher adds them.</summary>
    public long ChainedRetired;

    /// <summary>The <see cref="Chains"/> index of the last region entered from compiled code in this call, or -1.</summary>
    public int LastChained = -1;

    /// <summary>mip as of the dispatcher's last interrupt check; a store to a device that changes it ends the block.</summary>
    public ulong MipSeen;

    /// <summary>The pc the block exited to (the trapping instruction's pc on a trap exit).</summary>
    public ulong Pc;

    /// <summary>How many instructions the block may execute in this call (loops inside a block check it).</summary>
    public long Allowance;

    /// <summary>The exception of a trap exit.</summary>
    public ExceptionCause TrapCause;

    /// <summary>The xtval of a trap exit.</summary>
    public ulong TrapValue;

    /// <summary>
    /// Set by compiled code before it calls out for a memory access or instruction (which may reach a device that
    /// reads the time): the instructions the block has retired so far. The dispatcher zeroes it after each block.
    /// </summary>
    public long RetiredInBlock;

    /// <summary>Set by the engine when a write invalidated translated code; the current block must end.</summary>
    public bool CodeWritten;

    /// <summary>A load through the MMU; false with the trap recorded on a fault.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool Load(ulong address, int width, out ulong value)
    {
        if (_mmu.Load(address, width, out value))
            return true;
        TrapCause = _mmu.FaultCause;
        TrapValue = _mmu.FaultValue;
        return false;
    }

    /// <summary>
    /// A store through the MMU. Returns <see cref="StoreDoneEndBlock"/> when the block must end after it: the store
    /// hit translated code, a device asked the machine to stop, or a device raised an interrupt.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Store(ulong address, int width, ulong value)
    {
        if (!_mmu.Store(address, width, value))
        {
            TrapCause = _mmu.FaultCause;
            TrapValue = _mmu.FaultValue;
            return StoreFaulted;
        }
        return MustEndAfterStore() ? StoreDoneEndBlock : StoreDone;
    }

    /// <summary>After a store: whether it hit translated code, stopped the machine or raised an interrupt.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool MustEndAfterStore()
    {
        if (CodeWritten || Stop.Requested || _csrs.Mip != MipSeen)
        {
            CodeWritten = false;
            return true;
        }
        return false;
    }
}

/// <summary>
/// A compiled entry that another region may enter directly (a tail call instead of a return to the dispatcher), valid
/// while <see cref="Tag"/> is the runtime's <see cref="BlockRuntime.ChainTag"/>. Code, Context, Count and FloatingPoint
/// copy what <see cref="Block"/> holds, so that compiled code reads them in one place, not through the block.
/// </summary>
internal struct ChainEntry
{
    /// <summary>The entry's virtual pc.</summary>
    public ulong Pc;

    /// <summary>The <see cref="BlockRuntime.ChainTag"/> it was recorded under.</summary>
    public ulong Tag;

    /// <summary>The compiled code entered there.</summary>
    public BlockCode Code;

    /// <summary>What <see cref="Code"/> is closed over (its counters of chained entries).</summary>
    public BlockContext Context;

    /// <summary>The entry's block, to which the dispatcher attributes the exit when the chain ends there.</summary>
    public TranslatedBlock Block;

    /// <summary>The region's instruction count: the allowance it needs to be entered.</summary>
    public long Count;

    /// <summary>The region's <see cref="FloatingPointNeeds"/>, which the entering region checks (those it does not assume itself).</summary>
    public int FloatingPoint;
}
