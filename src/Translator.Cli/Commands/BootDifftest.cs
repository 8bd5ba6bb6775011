using Translator.Loading;
using Translator.Machines;
using Translator.Tools.Difftest;

namespace Translator.Cli.Commands;

/// <summary>
/// <c>rvt boot --difftest</c>: runs the guest on the interpreter (reference) and on the selected engine (subject)
/// in lockstep; prints the first divergence and exits with <see cref="ExitCodes.Divergence"/>.
/// </summary>
public static class BootDifftest
{
    /// <summary>Runs the lockstep difftest; the subject's console output goes to <paramref name="options"/>.Console.</summary>
    public static int Run(SystemMachineOptions options, BootImage boot)
    {
        if (options.HostTime)
            throw new UsageException("boot: --difftest needs deterministic time (mtime from retired instructions); drop --host-time");
        var engines = new EnginePair(EngineKind.Interpreter, options.Engine);
        var machines = LockstepMachines.FromBoot(options, boot, engines);
        var lockstep = new Lockstep(machines.Reference, machines.Subject, machines.Recorder, new LockstepOptions());
        var divergence = lockstep.Run(options.MaxInstructions ?? ulong.MaxValue);
        options.Console.Flush();
        if (divergence != null)
        {
            Console.Error.Write(DivergenceReport.Format(divergence));
            return ExitCodes.Divergence;
        }
        Console.Error.WriteLine($"rvt: difftest: engines {engines}: {lockstep.Executed} instructions agreed");
        if (!lockstep.Finished)
        {
            Console.Error.WriteLine($"rvt: stopped after {lockstep.Executed} instructions (--max-insns) at pc 0x{machines.Subject.Hart.Pc:x}");
            return ExitCodes.InstructionLimit;
        }
        return machines.Subject.Bus.Stop.ExitCode;
    }
}
