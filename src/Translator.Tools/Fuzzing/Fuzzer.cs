using Translator.Engines.Translation;
using Translator.Isa;
using Translator.Tools.Difftest;

namespace Translator.Tools.Fuzzing;

/// <summary>A fuzz program on which the engines diverged.</summary>
/// <param name="Program">The program.</param>
/// <param name="Divergence">What the difftest found.</param>
public sealed record FuzzFailure(FuzzProgram Program, Divergence Divergence);

/// <summary>The outcome of a fuzz run.</summary>
public sealed class FuzzSummary
{
    /// <summary>Programs run to the end (or to the divergence).</summary>
    public int Programs { get; internal set; }

    /// <summary>Instructions executed in agreement by both engines, all programs together.</summary>
    public ulong Instructions { get; internal set; }

    /// <summary>Programs that ended in the trap handler (a generator bug: programs should never trap).</summary>
    public int Trapped { get; internal set; }

    /// <summary>Programs stopped by the per-program instruction limit (a generator bug: programs always end).</summary>
    public int Unfinished { get; internal set; }

    /// <summary>Instructions the subject ran in translated code (zero unless the subject is the translator).</summary>
    public ulong Translated { get; internal set; }

    /// <summary>How many times each form was generated as a fuzzed instruction.</summary>
    public Dictionary<Opcode, int> Coverage { get; } = new();

    /// <summary>The first divergence, or null.</summary>
    public FuzzFailure? Failure { get; internal set; }
}

/// <summary>
/// Generates programs (<see cref="ProgramGenerator"/>) and runs each on a fresh pair of machines under the
/// lockstep difftest, stopping at the first divergence.
/// </summary>
public static class Fuzzer
{
    // A body never loops inside itself, so an iteration is at most a few thousand instructions; this only guards
    // against generator bugs.
    private const ulong InstructionLimitPerIteration = 10_000;

    /// <summary>Runs the programs <paramref name="options"/> describes; <paramref name="progress"/> is told after each.</summary>
    public static FuzzSummary Run(FuzzOptions options, Action<FuzzSummary>? progress = null)
    {
        var summary = new FuzzSummary();
        var machineOptions = options.MachineOptions();
        var lockstepOptions = new LockstepOptions
        {
            CheckBudget = options.CheckBudget,
            FullSweepInterval = 0, // the final sweep covers a program's whole life
            AlwaysCompared = [(FuzzLayout.CodeBase, FuzzLayout.CodeLimit + 0x1000 + FuzzLayout.DataSize)],
        };
        for (int i = 0; i < options.Count; i++)
        {
            var program = ProgramGenerator.Generate(options.Seed, options.First + i, options.Length, options.MaxIterations);
            foreach (var instruction in program.Instructions)
                if (!instruction.IsScaffold)
                    summary.Coverage[instruction.Decoded.Form] = summary.Coverage.GetValueOrDefault(instruction.Decoded.Form) + 1;

            var machines = LockstepMachines.FromSegments(machineOptions, FuzzLayout.CodeBase, program.Segments(), options.Engines);
            program.ApplyInitialState(machines.Reference);
            program.ApplyInitialState(machines.Subject);
            var lockstep = new Lockstep(machines.Reference, machines.Subject, machines.Recorder, lockstepOptions);
            var divergence = lockstep.Run(InstructionLimitPerIteration * (ulong)program.Iterations);
            summary.Programs++;
            summary.Instructions += lockstep.Executed;
            if (machines.Subject.Engine is TranslatorEngine translator)
                summary.Translated += (ulong)translator.Statistics.TranslatedInstructions;
            if (divergence != null)
            {
                summary.Failure = new FuzzFailure(program, divergence);
                break;
            }
            if (!lockstep.Finished)
                summary.Unfinished++;
            else if (machines.Reference.Bus.Stop.ExitCode == FuzzProgram.TrapExitCode)
                summary.Trapped++;
            progress?.Invoke(summary);
        }
        return summary;
    }
}
