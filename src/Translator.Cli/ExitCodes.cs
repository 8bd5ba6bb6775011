namespace Translator.Cli;

/// <summary>
/// rvt's own exit codes. A guest that exits returns its own code instead, so these follow
/// long-standing conventions that guests rarely use on purpose.
/// </summary>
public static class ExitCodes
{
    /// <summary>The guest image cannot be used (missing, not ELF, wrong class or machine, malformed).</summary>
    public const int BadImage = 2;
    /// <summary>The command line is wrong (sysexits EX_USAGE).</summary>
    public const int Usage = 64;
    /// <summary>An internal error in rvt itself (sysexits EX_SOFTWARE).</summary>
    public const int InternalError = 70;
    /// <summary>The guest ran into --max-insns (the code timeout(1) uses).</summary>
    public const int InstructionLimit = 124;
    /// <summary>The lockstep difftest or the fuzzer found the engines disagreeing (a report is printed).</summary>
    public const int Divergence = 99;
}
