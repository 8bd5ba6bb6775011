using System.Diagnostics;
using Translator.Loading;
using Translator.Machines;
using Translator.Tools.Difftest;
using Translator.UserMode;

namespace Translator.Cli.Commands;

/// <summary>
/// <c>rvt run --difftest</c>: runs the program on the interpreter (reference) and on the selected engine (subject)
/// in lockstep. The subject runs the syscalls and the reference takes over their results, so the program's
/// output and exit status are those of a normal run. Prints the first divergence and exits with
/// <see cref="ExitCodes.Divergence"/>.
/// </summary>
public static class RunDifftest
{
    /// <summary>Runs the lockstep difftest and returns the program's exit status (or rvt's own code).</summary>
    public static int Run(UserMachineOptions options, ElfImage image)
    {
        var engines = new EnginePair(EngineKind.Interpreter, options.Engine);
        var machines = UserLockstepMachines.Build(options, image, engines);
        var lockstep = new Lockstep(machines.Reference, machines.Subject, machines.Recorder, new LockstepOptions(), machines.Host);
        var clock = Stopwatch.StartNew();
        machines.Subject.Begin();
        var divergence = lockstep.Run(options.MaxInstructions ?? ulong.MaxValue);
        var result = machines.Subject.End(lockstep.Executed, clock.Elapsed);
        if (divergence != null)
        {
            Console.Error.Write(DivergenceReport.Format(divergence));
            return ExitCodes.Divergence;
        }
        Console.Error.WriteLine($"rvt: difftest: engines {engines}: {lockstep.Executed} instructions agreed");
        if (result.End == RunEnd.InstructionLimit)
        {
            Console.Error.WriteLine($"rvt: stopped after {result.InstructionsExecuted} instructions (--max-insns) at pc 0x{machines.Subject.Hart.Pc:x}");
            return ExitCodes.InstructionLimit;
        }
        return result.ExitCode;
    }
}
