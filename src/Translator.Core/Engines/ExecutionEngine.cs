using Translator.Hart;
using Translator.Memory;
using Translator.Privileged;

namespace Translator.Engines;

/// <summary>
/// The contract every execution engine (interpreter, translator) presents to the machine: run the hart
/// until a budget of instructions is spent or something needs the outside world, then say why it stopped.
/// </summary>
public abstract class ExecutionEngine
{
    /// <summary>Creates an engine for one hart.</summary>
    /// <param name="hart">The architectural state the engine reads and writes.</param>
    /// <param name="mmu">The hart's memory path for fetches, loads, stores and AMOs.</param>
    /// <param name="time">The source of the <c>time</c> CSR.</param>
    protected ExecutionEngine(HartState hart, Mmu mmu, CsrAccess.TimeSource time)
    {
        ArgumentNullException.ThrowIfNull(hart);
        ArgumentNullException.ThrowIfNull(mmu);
        ArgumentNullException.ThrowIfNull(time);
        Hart = hart;
        Mmu = mmu;
        Time = time;
    }

    /// <summary>The hart this engine runs.</summary>
    public HartState Hart { get; }

    /// <summary>The hart's MMU.</summary>
    public Mmu Mmu { get; }

    /// <summary>The source of the <c>time</c> CSR.</summary>
    public CsrAccess.TimeSource Time { get; }

    /// <summary>Instructions executed by the last <see cref="Run"/> call, retired or trapped.</summary>
    public long LastRunExecuted { get; protected set; }

    /// <summary>
    /// Runs until <paramref name="budget"/> instructions have been executed (a trapping instruction counts, so a
    /// trap loop cannot run forever), or the bus's stop request is set, or a <c>wfi</c> finds nothing pending.
    /// The hart state is complete and precise whenever this returns.
    /// </summary>
    /// <param name="budget">The maximum number of instructions to execute; zero or less returns at once.</param>
    /// <returns>Why the engine stopped.</returns>
    public abstract StopReason Run(long budget);
}
