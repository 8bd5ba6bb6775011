using Translator.Engines;
using Translator.Hart;
using Translator.Memory;

namespace Translator.Machines;

/// <summary>
/// A machine that a tool drives one slice of instructions at a time and inspects in between; the lockstep
/// difftest drives two in step. The system machine and the user-mode machine are both one.
/// </summary>
public interface ISlicedMachine
{
    /// <summary>The hart's architectural state.</summary>
    HartState Hart { get; }

    /// <summary>The hart's memory path.</summary>
    Mmu Mmu { get; }

    /// <summary>The physical address space. Its stop request is set whenever the engine stopped for the machine.</summary>
    Bus Bus { get; }

    /// <summary>The platform time (mtime) that the <c>time</c> CSR reads.</summary>
    ulong Time { get; }

    /// <summary>
    /// The runs of 4 KiB RAM pages (first page index from RAM's base, count) the machine has handed to the guest;
    /// the rest is still zero (all of RAM for a system machine, the pages given out so far for a user-mode one).
    /// Full memory comparisons look only here.
    /// </summary>
    IReadOnlyList<(int First, int Count)> RamPagesInUse { get; }

    /// <summary>Whether the guest has ended (it exited, or a signal killed it).</summary>
    bool Ended { get; }

    /// <summary>Instructions executed (retired or trapped) by the last <see cref="RunSlice"/>.</summary>
    ulong LastSliceExecuted { get; }

    /// <summary>Runs at most <paramref name="budget"/> instructions, as the machine's own run loop would.</summary>
    StopReason RunSlice(ulong budget);

    /// <summary>
    /// Why the engine is stopped, in words ("running" when it is not): two machines in step must stop for the
    /// same reason.
    /// </summary>
    string DescribeStop();
}
