namespace Translator.Tools.Difftest;

/// <summary>
/// The host's part of a lockstep run: work done outside the engines when both machines stopped for it (a
/// user-mode syscall or signal). It is done once, for both machines, so its effects on the world happen once.
/// </summary>
public interface ILockstepHost
{
    /// <summary>Whether the machines, which have just been found to agree, are stopped for the host.</summary>
    bool Pending { get; }

    /// <summary>
    /// Does the host's work and leaves both machines in the same state after it. Returns the RAM pages (indices,
    /// as <see cref="RamPages"/> counts them) that it changed in the reference.
    /// </summary>
    IReadOnlyList<int> Serve();
}
