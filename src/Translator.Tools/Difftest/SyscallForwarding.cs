using Translator.UserMode;
using Translator.UserMode.Memory;

namespace Translator.Tools.Difftest;

/// <summary>
/// The host of a user-mode lockstep run. When both machines stop at the same exception (an ecall, or a fault
/// that ends the process), only the subject handles it, so each syscall has its effects on the world once
/// (output written once, files created once, one time or random value read). The reference then takes over
/// the result: the subject's registers, every RAM page the syscall changed (data, page tables of a new mapping,
/// a moved break) and the process's exit. Switches between threads happen here too, so the reference runs each
/// thread with the registers the subject's scheduler gave it.
/// </summary>
/// <remarks>
/// The changed pages are found by comparing RAM in use, which is why <see cref="Lockstep"/> checks all of it
/// before a syscall: a difference found afterwards can only be the syscall's doing.
/// </remarks>
public sealed class SyscallForwarding : ILockstepHost
{
    private readonly UserMachine _reference;
    private readonly UserMachine _subject;
    private readonly ulong[] _state = ArchitecturalState.NewVector();

    /// <summary>Forwards <paramref name="subject"/>'s syscall results to <paramref name="reference"/>.</summary>
    public SyscallForwarding(UserMachine reference, UserMachine subject)
    {
        _reference = reference;
        _subject = subject;
    }

    /// <summary>
    /// Whether the subject stopped at an exception (the lockstep found the reference stopped at the same one), or its
    /// running thread must give the hart to another.
    /// </summary>
    public bool Pending => _subject.ExceptionPending || _subject.SwitchDue;

    /// <inheritdoc/>
    public IReadOnlyList<int> Serve()
    {
        _subject.HandlePendingException();
        _reference.DiscardPendingException();
        _subject.SwitchThreadIfDue(); // the reference takes the next thread's registers below
        ArchitecturalState.Capture(_subject, _state);
        ArchitecturalState.Restore(_reference, _state);
        var pages = CopyMemory(_subject, _reference);
        if (_subject.Process.Exit is { } exit)
            _reference.Process.Exit = exit;
        return pages;
    }

    /// <summary>
    /// Makes <paramref name="to"/>'s RAM in use equal to <paramref name="from"/>'s and returns the pages it copied;
    /// <paramref name="to"/>'s engine and TLB forget what they knew of them.
    /// </summary>
    public static IReadOnlyList<int> CopyMemory(UserMachine from, UserMachine to)
    {
        var pages = RamPages.AllDifferences(from.Bus.Ram, to.Bus.Ram, from.RamPagesInUse.Concat(to.RamPagesInUse));
        foreach (int page in pages)
        {
            RamPages.Page(from.Bus.Ram, page).CopyTo(RamPages.Page(to.Bus.Ram, page));
            to.Memory.CodeWriteObserver?.OnCodeWrite(RamPages.AddressOf(to.Bus.Ram, page), (int)AddressSpace.PageSize);
        }
        if (pages.Count > 0)
            to.Mmu.FenceVma(null, null);
        return pages;
    }
}
