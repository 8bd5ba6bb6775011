using Translator.Engines;
using Translator.Machines;
using Translator.Memory;

namespace Translator.Tools.Difftest;

/// <summary>
/// Runs a reference machine and a subject machine, built from the same image, side by side and compares them at
/// every point where the subject stops: the subject runs up to <see cref="LockstepOptions.CheckBudget"/>
/// instructions, the reference then runs exactly as many, and the two must agree on every architectural field
/// (<see cref="ArchitecturalState"/>), on how they stopped, and on the RAM the reference wrote in between plus the
/// ranges always compared. All of RAM is swept every <see cref="LockstepOptions.FullSweepInterval"/> instructions.
/// </summary>
/// <remarks>
/// Time is deterministic (mtime derives from retired instructions) and both machines are driven through
/// <see cref="ISlicedMachine.RunSlice"/>, so timers and devices act at the same instruction on both.
/// When the machines stop for the host (<see cref="ILockstepHost"/>: a user-mode syscall), all of RAM in use is
/// compared first and the host then acts once for both; its changes become part of the agreed state.
/// The reference's RAM as of the last agreeing check is kept in a shadow copy (updated page by page), so a
/// diverging block can be replayed one instruction at a time from the state both last agreed on.
/// </remarks>
public sealed class Lockstep
{
    private readonly ISlicedMachine _reference;
    private readonly ISlicedMachine _subject;
    private readonly RamWriteRecorder _recorder;
    private readonly LockstepOptions _options;
    private readonly ILockstepHost? _host;
    private readonly Ram _shadow;
    private readonly int[] _alwaysCompared;
    private readonly PageSet _pages = new();
    private ulong[] _agreed = ArchitecturalState.NewVector();
    private ulong[] _referenceAfter = ArchitecturalState.NewVector();
    private readonly ulong[] _subjectAfter = ArchitecturalState.NewVector();
    private ulong _nextSweep;

    /// <summary>
    /// Prepares a lockstep run. Both machines must be freshly built from the same image and not yet run;
    /// <paramref name="recorder"/> must be installed on the reference's bus. <paramref name="host"/>, when given,
    /// serves the machines whenever both stopped for it.
    /// </summary>
    public Lockstep(ISlicedMachine reference, ISlicedMachine subject, RamWriteRecorder recorder, LockstepOptions options, ILockstepHost? host = null)
    {
        _reference = reference;
        _subject = subject;
        _recorder = recorder;
        _options = options;
        _host = host;
        var ram = reference.Bus.Ram;
        if (ram.Size != subject.Bus.Ram.Size || ram.Base != subject.Bus.Ram.Base)
            throw new ArgumentException("the two machines need the same RAM", nameof(subject));
        _alwaysCompared = options.AlwaysCompared
            .SelectMany(r => Enumerable.Range(RamPages.IndexOf(ram, r.Address), RamPages.IndexOf(ram, r.Address + r.Size - 1) - RamPages.IndexOf(ram, r.Address) + 1))
            .Distinct().ToArray();
        _shadow = new Ram(ram.Base, ram.Size);
        foreach (var (first, count) in PagesInUse)
        {
            for (int page = first; page < first + count; page++)
            {
                var source = RamPages.Page(ram, page);
                if (source.IndexOfAnyExcept((byte)0) >= 0)
                    source.CopyTo(RamPages.Page(_shadow, page));
            }
        }
        ArchitecturalState.Capture(reference, _agreed);
        _nextSweep = options.FullSweepInterval;
    }

    /// <summary>Instructions both machines have executed in agreement.</summary>
    public ulong Executed { get; private set; }

    /// <summary>Whether both machines' guests have asked to stop.</summary>
    public bool Finished => _reference.Ended && _subject.Ended;

    // The RAM either machine has handed to its guest; elsewhere both are zero.
    private IEnumerable<(int First, int Count)> PagesInUse => _reference.RamPagesInUse.Concat(_subject.RamPagesInUse);

    /// <summary>
    /// Runs until both guests stop, <paramref name="limit"/> instructions have been executed, or the machines
    /// diverge; returns the divergence, or null. A final full sweep of RAM ends every run that agreed.
    /// </summary>
    public Divergence? Run(ulong limit = ulong.MaxValue)
    {
        while (!Finished && Executed < limit)
        {
            var divergence = Step(Math.Min(_options.CheckBudget, limit - Executed));
            if (divergence != null)
                return divergence;
            if (_host is { Pending: true } && Serve() is { } unserved)
                return unserved;
            if (_options.FullSweepInterval != 0 && Executed >= _nextSweep)
            {
                _nextSweep = Executed + _options.FullSweepInterval;
                if (Sweep() is { } swept)
                    return swept;
            }
        }
        return Sweep();
    }

    /// <summary>One subject run and the matching reference run, then a check.</summary>
    private Divergence? Step(ulong budget)
    {
        var subjectReason = _subject.RunSlice(budget);
        ulong n = _subject.LastSliceExecuted;
        var referenceReason = _reference.RunSlice(n);
        ulong m = _reference.LastSliceExecuted;
        ArchitecturalState.Capture(_reference, _referenceAfter);
        ArchitecturalState.Capture(_subject, _subjectAfter);

        _pages.Clear();
        _pages.AddRange(_recorder.DirtyPages);
        _pages.AddRange(_alwaysCompared);
        var differingPages = _pages.Pages.Where(p => !RamPages.Same(_reference.Bus.Ram, _subject.Bus.Ram, p)).ToList();

        string? problem = null;
        if (m != n)
            problem = $"the reference executed {m} instructions where the subject executed {n}";
        // A run that ends exactly at the store that asks for a stop reports the budget, not the stop: both are fine.
        else if (subjectReason != referenceReason && !(_reference.Bus.Stop.Requested && _subject.Bus.Stop.Requested))
            problem = $"the reference stopped with {referenceReason}, the subject with {subjectReason}";
        else if (StopDifference() is { } stop)
            problem = stop;
        else if (!ArchitecturalState.Equal(_referenceAfter, _subjectAfter))
            problem = "architectural state differs";
        else if (differingPages.Count > 0)
            problem = "memory differs";

        if (problem != null)
            return Diverged(problem, n, differingPages);

        foreach (int page in _recorder.DirtyPages)
            RamPages.Page(_reference.Bus.Ram, page).CopyTo(RamPages.Page(_shadow, page));
        _recorder.Clear();
        (_agreed, _referenceAfter) = (_referenceAfter, _agreed);
        Executed += n;
        return null;
    }

    // Machines stopped for the guest (an exit, a user-mode exception) must have stopped for the same reason.
    private string? StopDifference()
    {
        if (!_reference.Bus.Stop.Requested && !_subject.Bus.Stop.Requested)
            return null;
        string reference = _reference.DescribeStop(), subject = _subject.DescribeStop();
        return reference == subject ? null : $"guest stop differs: reference {reference}, subject {subject}";
    }

    /// <summary>
    /// Lets the host act for both machines. Its changes are found by comparing RAM, so all of RAM in use must agree
    /// first; afterwards its pages and the machines' state become the agreed state.
    /// </summary>
    private Divergence? Serve()
    {
        if (Sweep() is { } swept)
            return swept;
        foreach (int page in _host!.Serve())
            RamPages.Page(_reference.Bus.Ram, page).CopyTo(RamPages.Page(_shadow, page));
        ArchitecturalState.Capture(_reference, _agreed);
        return null;
    }

    /// <summary>Compares all of RAM in use; a difference here is a store only the subject made (or one the recorder missed).</summary>
    private Divergence? Sweep()
    {
        var pages = RamPages.AllDifferences(_reference.Bus.Ram, _subject.Bus.Ram, PagesInUse);
        if (pages.Count == 0)
            return null;
        ArchitecturalState.Capture(_reference, _referenceAfter);
        ArchitecturalState.Capture(_subject, _subjectAfter);
        return new Divergence
        {
            Summary = "memory differs in a full sweep of RAM (a store the reference did not make)",
            AgreedInstructions = Executed,
            BlockPc = _agreed[ArchitecturalState.Pc],
            BlockLength = 0,
            StateBefore = (ulong[])_agreed.Clone(),
            Reference = (ulong[])_referenceAfter.Clone(),
            Subject = (ulong[])_subjectAfter.Clone(),
            Memory = MemoryDifferences.Find(_reference.Bus.Ram, _subject.Bus.Ram, pages),
            Notes = [$"the sweep after {Executed} instructions found {pages.Count} differing page(s); the previous sweep agreed, so the store happened since then"],
        };
    }

    private Divergence Diverged(string problem, ulong blockLength, List<int> differingPages)
    {
        var referenceEnd = (ulong[])_referenceAfter.Clone();
        var subjectEnd = (ulong[])_subjectAfter.Clone();
        var memoryEnd = MemoryDifferences.Find(_reference.Bus.Ram, _subject.Bus.Ram, differingPages);
        var restore = new PageSet();
        restore.AddRange(_recorder.DirtyPages);
        restore.AddRange(_alwaysCompared);
        restore.AddRange(differingPages);

        var result = new BlockReplay(_reference, _subject, _recorder, _shadow).Run(_agreed, restore.Pages, blockLength);
        var notes = new List<string>();
        if (result.FirstDifferingStep is int step)
        {
            notes.Add($"replaying from the last agreeing state, the states first differ after instruction {step + 1} of {blockLength}"
                + " (a translated block shows its error at its own end; the last writers below point inside it)");
            notes.AddRange(LastWriters(result, step, result.Reference, result.Subject));
            return new Divergence
            {
                Summary = problem,
                AgreedInstructions = Executed,
                BlockPc = _agreed[ArchitecturalState.Pc],
                BlockLength = blockLength,
                StateBefore = (ulong[])_agreed.Clone(),
                Block = result.Steps,
                FirstDifferingStep = step,
                Reference = result.Reference,
                Subject = result.Subject,
                Memory = result.Memory,
                Notes = notes,
            };
        }
        notes.Add(result.Steps.Count == 0
            ? "the block could not be replayed"
            : "the replay did not reproduce the divergence (a device or a store outside the restored pages is involved); the states below are from the end of the block");
        notes.AddRange(LastWriters(result, result.Steps.Count - 1, referenceEnd, subjectEnd));
        return new Divergence
        {
            Summary = problem,
            AgreedInstructions = Executed,
            BlockPc = _agreed[ArchitecturalState.Pc],
            BlockLength = blockLength,
            StateBefore = (ulong[])_agreed.Clone(),
            Block = result.Steps,
            Reference = referenceEnd,
            Subject = subjectEnd,
            Memory = memoryEnd,
            Notes = notes,
        };
    }

    // Which instruction (up to lastStep) last changed each differing register or CSR in the reference's replay.
    private static IEnumerable<string> LastWriters(BlockReplay.Result replay, int lastStep, ulong[] reference, ulong[] subject)
    {
        foreach (int field in ArchitecturalState.Differences(reference, subject))
        {
            if (field == ArchitecturalState.Pc || field >= ArchitecturalState.FirstCounter)
                continue;
            int? writer = null;
            for (int i = 0; i <= lastStep && i < replay.ReferenceHistory.Count; i++)
            {
                ulong before = i == 0 ? replay.Before[field] : replay.ReferenceHistory[i - 1][field];
                if (replay.ReferenceHistory[i][field] != before) writer = i;
            }
            yield return writer is int w
                ? $"{ArchitecturalState.Name(field)}: last written by instruction {w + 1} (0x{replay.Steps[w].Pc:x}) in the reference"
                : $"{ArchitecturalState.Name(field)}: not written by the reference in this block";
        }
    }
}
