namespace Translator.UserMode.Abi;

/// <summary>Linux signal numbers (generic numbering) and what their default action is.</summary>
public static class Signal
{
#pragma warning disable CS1591 // The names are the C library's signal names.
    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7, SIGFPE = 8,
        SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14, SIGTERM = 15,
        SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22,
        SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28, SIGIO = 29,
        SIGPWR = 30, SIGSYS = 31;
#pragma warning restore CS1591

    /// <summary>The highest signal number (real-time signals included).</summary>
    public const int Max = 64;

    /// <summary>The exit status a shell reports for a process killed by a signal is this plus the signal.</summary>
    public const int ExitStatusBase = 128;

    private static readonly Dictionary<int, string> Names = typeof(Signal).GetFields()
        .Where(f => f.IsLiteral && f.Name.StartsWith("SIG", StringComparison.Ordinal))
        .ToDictionary(f => (int)f.GetRawConstantValue()!, f => f.Name);

    /// <summary>The signal's name, such as SIGSEGV.</summary>
    public static string Name(int signal) => Names.TryGetValue(signal, out var name) ? name : "SIG" + signal;

    /// <summary>Whether the default action of the signal is to ignore it.</summary>
    public static bool IgnoredByDefault(int signal) => signal is SIGCHLD or SIGCONT or SIGURG or SIGWINCH;
}
