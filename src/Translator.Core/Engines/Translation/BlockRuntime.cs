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
    private readonly MachineStop _stop;
    private readonly CsrFile _csrs;

    /// <summary>The hart's CSRs (translated floating point reads frm and mstatus.FS, and accumulates fflags and FS).</summary>
    public readonly CsrFile Csrs;

    /// <summary>The hart's f registers (translated floating point keeps the ones a block uses in locals).</summary>
    public readonly ulong[] FloatRegisters;

    public BlockRuntime(Mmu mmu)
    {
        _mmu = mmu;
        _stop = mmu.Bus.Stop;
        _csrs = Csrs = mmu.Hart.Csrs;
        FloatRegisters = mmu.Hart.F;
    }

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
        if (CodeWritten || _stop.Requested || _csrs.Mip != MipSeen)
        {
            CodeWritten = false;
            return true;
        }
        return false;
    }
}
