using Translator.Loading;
using Translator.UserMode;

namespace Translator.Tools.Difftest;

/// <summary>
/// The reference and subject machines of a user-mode lockstep run, the reference's write recorder, and the host
/// that runs each syscall once for both (<see cref="SyscallForwarding"/>).
/// </summary>
/// <param name="Reference">The machine running the reference engine; it never runs a syscall itself.</param>
/// <param name="Subject">The machine running the engine under test; it runs the syscalls.</param>
/// <param name="Recorder">Records the pages the reference writes.</param>
/// <param name="Host">Hands the subject's syscall results to the reference.</param>
public sealed record UserLockstepMachines(UserMachine Reference, UserMachine Subject, RamWriteRecorder Recorder, ILockstepHost Host)
{
    /// <summary>
    /// Builds both machines from one program. Both get deterministic time; the subject gets
    /// <paramref name="options"/> with its engine, the reference no diagnostics, no strace and no engine decorator.
    /// The reference starts from a copy of the subject's memory, so host-chosen inputs (AT_RANDOM) are the same.
    /// </summary>
    public static UserLockstepMachines Build(UserMachineOptions options, ElfImage image, EnginePair engines)
    {
        var subject = new UserMachine(options with { Engine = engines.Subject, HostTime = false, OneViewPerSharedFilePage = true }, image);
        var reference = new UserMachine(options with
        {
            Engine = engines.Reference,
            HostTime = false,
            Diagnostics = TextWriter.Null,
            Strace = false,
            EngineDecorator = null,
        }, image);
        SyscallForwarding.CopyMemory(subject, reference);
        var host = new SyscallForwarding(reference, subject);
        return new UserLockstepMachines(reference, subject, RamWriteRecorder.Install(reference.Bus), host);
    }
}
