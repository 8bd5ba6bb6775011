using Translator.Machines;
using Translator.Memory;

namespace Translator.Tools.Difftest;

/// <summary>
/// Finds where in a diverging run of the subject the states first differ. The reference is first stepped one
/// instruction at a time from the last agreed state, which gives the block's listing and the reference's state after
/// every instruction. Then, for each prefix length k = 1, 2, ..., both machines are restored to the agreed state and
/// run k instructions; the first k after which they differ names the instruction. Running prefixes (instead of
/// stepping the subject) keeps a translator executing its translated blocks: it runs a block whole whenever the
/// budget covers it, so a bug in translated code shows up at the end of the block that contains it.
/// </summary>
/// <remarks>
/// Harts are restored from the agreed state vector and RAM pages from the shadow copy of the reference's RAM (the
/// pages either machine was seen to write). Device registers are not rolled back, so a block that talked to a device
/// may replay differently; the report says when the replay did not reproduce the divergence.
/// </remarks>
public sealed class BlockReplay
{
    private readonly ISlicedMachine _reference;
    private readonly ISlicedMachine _subject;
    private readonly RamWriteRecorder _recorder;
    private readonly Ram _shadow;

    /// <summary>Prepares a replay on the two machines of a lockstep run.</summary>
    public BlockReplay(ISlicedMachine reference, ISlicedMachine subject, RamWriteRecorder recorder, Ram shadow)
    {
        _reference = reference;
        _subject = subject;
        _recorder = recorder;
        _shadow = shadow;
    }

    /// <summary>What the replay found.</summary>
    /// <param name="Before">The state the replay started from.</param>
    /// <param name="Steps">The block's instructions as the reference executed them.</param>
    /// <param name="ReferenceHistory">The reference's state after each of them.</param>
    /// <param name="FirstDifferingStep">The first instruction after which the machines differ, or null.</param>
    /// <param name="Reference">The reference's state at that point (or at the end).</param>
    /// <param name="Subject">The subject's state at that point (or at the end).</param>
    /// <param name="Memory">RAM differences at that point.</param>
    public sealed record Result(ulong[] Before, IReadOnlyList<BlockStep> Steps, IReadOnlyList<ulong[]> ReferenceHistory,
        int? FirstDifferingStep, ulong[] Reference, ulong[] Subject, IReadOnlyList<MemoryDifference> Memory);

    /// <summary>Replays up to <paramref name="length"/> instructions from <paramref name="agreed"/>.</summary>
    public Result Run(ulong[] agreed, IReadOnlyList<int> pagesToRestore, ulong length)
    {
        var restore = new PageSet();
        restore.AddRange(pagesToRestore);

        // The reference alone, one instruction at a time: the listing and the state after each instruction.
        Restore(agreed, restore);
        var steps = new List<BlockStep>();
        var history = new List<ulong[]>();
        for (ulong i = 0; i < length && !_reference.Bus.Stop.Requested; i++)
        {
            ulong pc = _reference.Hart.Pc;
            steps.Add(new BlockStep(pc, InstructionFetch.TryRead(_reference, pc)));
            _reference.RunSlice(1);
            var state = ArchitecturalState.NewVector();
            ArchitecturalState.Capture(_reference, state);
            history.Add(state);
        }
        restore.AddRange(_recorder.DirtyPages);

        var reference = ArchitecturalState.NewVector();
        var subject = ArchitecturalState.NewVector();
        for (int k = 1; k <= steps.Count; k++)
        {
            Restore(agreed, restore);
            ulong referenceRan = RunExactly(_reference, (ulong)k);
            ulong subjectRan = RunExactly(_subject, (ulong)k);
            ArchitecturalState.Capture(_reference, reference);
            ArchitecturalState.Capture(_subject, subject);
            restore.AddRange(_recorder.DirtyPages);
            var differing = restore.Pages.Where(p => !RamPages.Same(_reference.Bus.Ram, _subject.Bus.Ram, p)).ToList();
            if (referenceRan != subjectRan || _reference.Bus.Stop.Requested != _subject.Bus.Stop.Requested
                || !ArchitecturalState.Equal(reference, subject) || differing.Count > 0)
                return new Result(agreed, steps, history, k - 1, reference, subject,
                    MemoryDifferences.Find(_reference.Bus.Ram, _subject.Bus.Ram, differing));
        }
        return new Result(agreed, steps, history, null, reference, subject, []);
    }

    private void Restore(ulong[] agreed, PageSet pages)
    {
        foreach (var machine in new[] { _reference, _subject })
        {
            ArchitecturalState.Restore(machine, agreed);
            foreach (int page in pages.Pages)
                RamPages.Page(_shadow, page).CopyTo(RamPages.Page(machine.Bus.Ram, page));
            machine.Bus.Stop.Clear();
        }
        _recorder.Clear();
    }

    // Slices may end early at a timer deadline; keep going until count instructions ran or the guest stopped.
    private static ulong RunExactly(ISlicedMachine machine, ulong count)
    {
        ulong ran = 0;
        while (ran < count && !machine.Bus.Stop.Requested)
        {
            machine.RunSlice(count - ran);
            if (machine.LastSliceExecuted == 0) break;
            ran += machine.LastSliceExecuted;
        }
        return ran;
    }
}
