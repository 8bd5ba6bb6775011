using Translator.Machines;
using Translator.Tools.Difftest;

namespace Translator.Tools.Fuzzing;

/// <summary>What a fuzz run generates and how it checks it.</summary>
public sealed record FuzzOptions
{
    /// <summary>The run's seed; with a program index it names one program exactly.</summary>
    public ulong Seed { get; init; }

    /// <summary>The index of the first program.</summary>
    public int First { get; init; }

    /// <summary>How many programs to run.</summary>
    public int Count { get; init; } = 100;

    /// <summary>Fuzzed instructions per program body.</summary>
    public int Length { get; init; } = 200;

    /// <summary>The most times a program's body runs (each program draws 1 to this many).</summary>
    public int MaxIterations { get; init; } = ProgramGenerator.DefaultMaxIterations;

    /// <summary>The engines compared.</summary>
    public EnginePair Engines { get; init; } = EnginePair.Default;

    /// <summary>The subject's budget between checks.</summary>
    public ulong CheckBudget { get; init; } = 256;

    /// <summary>Lets a test wrap the subject's engine (fault injection).</summary>
    public Func<Translator.Engines.ExecutionEngine, Translator.Engines.ExecutionEngine>? SubjectDecorator { get; init; }

    /// <summary>
    /// The machine options both sides start from. Fuzz programs run each block only a few times, so the translator
    /// compiles every block on first sight (threshold 0); otherwise it would mostly interpret them.
    /// </summary>
    public SystemMachineOptions MachineOptions() =>
        new() { MemorySize = FuzzLayout.MemorySize, EngineDecorator = SubjectDecorator, JitThreshold = 0 };
}
