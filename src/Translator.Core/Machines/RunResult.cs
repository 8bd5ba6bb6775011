namespace Translator.Machines;

/// <summary>Why a run ended.</summary>
public enum RunEnd
{
    /// <summary>The guest asked to exit (test device, HTIF).</summary>
    GuestExit,
    /// <summary>The instruction limit was reached first.</summary>
    InstructionLimit,
}

/// <summary>The outcome of running a machine.</summary>
/// <param name="End">Why the run ended.</param>
/// <param name="ExitCode">The guest's exit code (meaningful for <see cref="RunEnd.GuestExit"/>).</param>
/// <param name="ExitSource">The device that ended the run.</param>
/// <param name="InstructionsExecuted">Instructions executed, including ones that trapped.</param>
/// <param name="InstructionsRetired">The final minstret.</param>
/// <param name="Elapsed">Wall time spent running guest code.</param>
public sealed record RunResult(RunEnd End, int ExitCode, string ExitSource, ulong InstructionsExecuted, ulong InstructionsRetired, TimeSpan Elapsed);
