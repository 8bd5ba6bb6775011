using Translator.Engines;

namespace Translator.Tests.Tools;

/// <summary>
/// A test-only engine that runs another and injects one fault when the hart has retired exactly
/// <c>atRetired</c> instructions: it stops there (as a translator stops at a block's end) and applies the fault.
/// Keyed on the retired count, so a replay from an earlier state injects it again at the same instruction.
/// </summary>
public sealed class FaultInjectingEngine : ExecutionEngine
{
    private readonly ExecutionEngine _inner;
    private readonly ulong _atRetired;
    private readonly Action<ExecutionEngine> _fault;

    public FaultInjectingEngine(ExecutionEngine inner, ulong atRetired, Action<ExecutionEngine> fault)
        : base(inner.Hart, inner.Mmu, inner.Time)
    {
        _inner = inner;
        _atRetired = atRetired;
        _fault = fault;
    }

    public override StopReason Run(long budget)
    {
        ulong retired = Hart.RetiredSinceReset;
        if (retired < _atRetired && budget > 0)
            budget = (long)Math.Min((ulong)budget, _atRetired - retired);
        var reason = _inner.Run(budget);
        LastRunExecuted = _inner.LastRunExecuted;
        if (retired < _atRetired && Hart.RetiredSinceReset == _atRetired)
            _fault(this);
        return reason;
    }
}
