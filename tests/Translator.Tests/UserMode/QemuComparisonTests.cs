using System.Collections.Concurrent;
using Translator.Machines;
using Translator.Testing;
using Xunit;

namespace Translator.Tests.UserMode;

/// <summary>
/// Every program in guest/linux runs under rvt with each engine and under qemu-riscv64, each in a fresh directory
/// of its own; stdout, stderr and the exit status must be identical (rvt's own "rvt: " lines aside).
/// </summary>
public sealed class QemuComparisonTests
{
    /// <summary>A program run: its arguments, extra environment and standard input.</summary>
    public sealed record Case(string Program, string[] Arguments, string[] Environment, string? Stdin = null)
    {
        public override string ToString() => Arguments.Length == 0 ? Program : $"{Program} {string.Join(' ', Arguments)}";
    }

    // Programs that test rvt-only behaviour (confinement; a signal sent to rvt) that a plain QEMU run cannot match.
    private static readonly HashSet<string> RvtOnly = new(StringComparer.Ordinal) { "root_escape", "outside_signal" };

    // sigpipe runs here only with SIGPIPE ignored: started by this test host, QEMU inherits SIGPIPE ignored, while
    // rvt always starts a program with default dispositions, as a shell does (UserModeBehaviourTests checks that).

    // Runs with arguments or environment; every other program runs once without either.
    private static readonly Case[] SpecialCases =
    {
        new("args_env", new[] { "hello world", "", "--not-an-option", "ünïcödé", "a=b" },
            new[] { "RVT_TEST_ONE=1", "RVT_TEST_TWO=two words", "HOME=/home/guest" }),
        new("cpp_exceptions", Array.Empty<string>(), Array.Empty<string>()),
        new("cpp_exceptions", new[] { "uncaught" }, Array.Empty<string>()),
        new("exit_codes", Array.Empty<string>(), Array.Empty<string>()),
        new("exit_codes", new[] { "0" }, Array.Empty<string>()),
        new("exit_codes", new[] { "255", "_exit" }, Array.Empty<string>()),
        new("exit_codes", new[] { "300", "return" }, Array.Empty<string>()),
        new("segfault", new[] { "extra" }, Array.Empty<string>()),
        new("signal_handlers", Array.Empty<string>(), Array.Empty<string>()),
        new("signal_handlers", new[] { "bad-altstack" }, Array.Empty<string>()),
        new("signal_handlers", new[] { "abort-handler" }, Array.Empty<string>()),
        new("interval_timers", Array.Empty<string>(), Array.Empty<string>()),
        new("interval_timers", new[] { "default" }, Array.Empty<string>()),
        new("sigpipe", new[] { "ignore" }, Array.Empty<string>()),
        new("shared_mapping_end", new[] { "at-map" }, Array.Empty<string>()),
        new("shared_mapping_end", new[] { "at-map", "handler" }, Array.Empty<string>()),
        new("shared_mapping_end", new[] { "shrink" }, Array.Empty<string>()),
        new("shared_mapping_end", new[] { "shrink", "handler" }, Array.Empty<string>()),
        new("threads", Array.Empty<string>(), Array.Empty<string>()),
        new("threads", new[] { "main-exits" }, Array.Empty<string>()),
        new("threads", new[] { "worker-exits" }, Array.Empty<string>()),
        new("threads", new[] { "counters" }, Array.Empty<string>()),
        new("stdin_filter", Array.Empty<string>(), Array.Empty<string>(),
            "first line\nrvt reads standard input\n\n  spaced   words  here \nlast line mentions rvt without newline"),
    };

    private static readonly ConcurrentDictionary<string, Lazy<ProcessResult>> QemuResults = new();

    public static TheoryData<string, EngineKind> Cases()
    {
        var data = new TheoryData<string, EngineKind>();
        foreach (var c in AllCases())
            foreach (var engine in Enum.GetValues<EngineKind>())
                data.Add(c.ToString(), engine);
        return data;
    }

    private static IEnumerable<Case> AllCases()
    {
        string folder = Path.Combine(RepoPaths.GuestBuild, "linux");
        var names = Directory.GetFiles(Path.Combine(RepoPaths.Guest, "linux"), "*.c")
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Guest, "linux"), "*.cpp"))
            .Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .Where(n => !RvtOnly.Contains(n)).OrderBy(n => n, StringComparer.Ordinal);
        foreach (string name in names)
        {
            var special = SpecialCases.Where(c => c.Program == name).ToList();
            if (special.Count == 0)
                yield return new Case(name, Array.Empty<string>(), Array.Empty<string>());
            foreach (var c in special)
                yield return c;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesQemu(string caseName, EngineKind engine)
    {
        var c = AllCases().First(x => x.ToString() == caseName);
        string program = UserModeRun.Program(c.Program);
        var qemu = QemuResults.GetOrAdd(caseName, _ => new Lazy<ProcessResult>(
            () => UserModeRun.Qemu(UserModeRun.FreshDirectory(), program, c.Arguments, c.Environment, c.Stdin))).Value;
        var rvtOptions = new List<string> { "--engine", EngineName(engine) };
        foreach (string entry in c.Environment)
            rvtOptions.AddRange(new[] { "--env", entry });
        var rvt = UserModeRun.Rvt(UserModeRun.FreshDirectory(), rvtOptions, program, c.Arguments, c.Stdin);

        Assert.Equal(qemu.Stdout, rvt.Stdout);
        Assert.Equal(qemu.Stderr, UserModeRun.WithoutRvtLines(rvt.Stderr));
        Assert.Equal(qemu.ExitCode, rvt.ExitCode);
    }

    /// <summary>The --engine name of an engine kind.</summary>
    public static string EngineName(EngineKind engine) => engine == EngineKind.Interpreter ? "interp" : "jit";
}
