using Translator.Machines;
using Translator.Memory;

namespace Translator.Tools.Difftest;

/// <summary>
/// Replays a diverging block one instruction at a time on both machines, from the state they last agreed on,
/// to find the instruction after which they first differ.
/// </summary>
/// <remarks>
/// Both harts are restored from the agreed state vector and the pages the block may have touched are restored
/// from the shadow copy of the reference's RAM. Device registers are not rolled back; a block that talked to a
/// device may replay differently (the report says when the replay agreed).
/// </remarks>
public sealed class BlockReplay
{
    private readonly SystemMachine _reference;
    private readonly SystemMachine _subject;
    private readonly RamWriteRecorder _recorder;
    private readonly Ram _shadow;
    private readonly int[] _alwaysCompared;

    /// <summary>Prepares a replay on the two machines of a lockstep run.</summary>
    public BlockReplay(SystemMachine reference, SystemMachine subject, RamWriteRecorder recorder, Ram shadow, int[] alwaysCompared)
    {
        _reference = reference;
        _subject = subject;
        _recorder = recorder;
        _shadow = shadow;
        _alwaysCompared = alwaysCompared;
    }

    /// <summary>What the replay found.</summary>
    /// <param name="Before">The state the replay started from.</param>
    /// <param name="Steps">The instructions replayed, in order.</param>
    /// <param name="ReferenceHistory">The reference's state after each replayed instruction.</param>
    /// <param name="FirstDifferingStep">The first instruction after which the machines differ, or null.</param>
    /// <param name="Reference">The reference's state at that point (or at the end).</param>
    /// <param name="Subject">The subject's state at that point (or at the end).</param>
    /// <param name="Memory">RAM differences at that point.</param>
    public sealed record Result(ulong[] Before, IReadOnlyList<BlockStep> Steps, IReadOnlyList<ulong[]> ReferenceHistory,
        int? FirstDifferingStep, ulong[] Reference, ulong[] Subject, IReadOnlyList<MemoryDifference> Memory);

    /// <summary>Restores both machines to <paramref name="agreed"/> and replays up to <paramref name="length"/> instructions.</summary>
    public Result Run(ulong[] agreed, IReadOnlyList<int> pagesToRestore, ulong length)
    {
        foreach (var machine in new[] { _reference, _subject })
        {
            ArchitecturalState.Restore(machine, agreed);
            foreach (int page in pagesToRestore)
                RamPages.Page(_shadow, page).CopyTo(RamPages.Page(machine.Bus.Ram, page));
            machine.Bus.Stop.Clear();
        }
        _recorder.Clear();

        var steps = new List<BlockStep>();
        var history = new List<ulong[]>();
        var reference = ArchitecturalState.NewVector();
        var subject = ArchitecturalState.NewVector();
        var compared = new PageSet();
        for (ulong i = 0; i < length; i++)
        {
            ulong pc = _reference.Hart.Pc;
            steps.Add(new BlockStep(pc, InstructionFetch.TryRead(_reference, pc)));
            _reference.RunSlice(1);
            _subject.RunSlice(1);
            ArchitecturalState.Capture(_reference, reference);
            ArchitecturalState.Capture(_subject, subject);
            history.Add((ulong[])reference.Clone());

            compared.Clear();
            compared.AddRange(_recorder.DirtyPages);
            compared.AddRange(_alwaysCompared);
            compared.AddRange(pagesToRestore);
            var differing = compared.Pages.Where(p => !RamPages.Same(_reference.Bus.Ram, _subject.Bus.Ram, p)).ToList();
            bool stopsDiffer = _reference.Bus.Stop.Requested != _subject.Bus.Stop.Requested
                || _reference.LastSliceExecuted != _subject.LastSliceExecuted;
            if (stopsDiffer || !ArchitecturalState.Equal(reference, subject) || differing.Count > 0)
                return new Result(agreed, steps, history, steps.Count - 1, reference, subject,
                    MemoryDifferences.Find(_reference.Bus.Ram, _subject.Bus.Ram, differing));
            if (_reference.Bus.Stop.Requested)
                break;
        }
        return new Result(agreed, steps, history, null, reference, subject, []);
    }
}
