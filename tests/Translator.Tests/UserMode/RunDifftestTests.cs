using Translator.Testing;
using Xunit;

namespace Translator.Tests.UserMode;

/// <summary>
/// <c>rvt run --difftest</c> on real programs: no divergence, and the same stdout, stderr and exit status as a
/// plain run (each syscall runs once), with one "rvt: difftest:" line added at the end of stderr.
/// </summary>
public sealed class RunDifftestTests
{
    private const int Usage = 64, InstructionLimit = 124;
    private const string AgreedLinePrefix = "rvt: difftest: engines interp,jit: ";

    /// <summary>A program run: its arguments, rvt options besides --difftest, and standard input.</summary>
    public sealed record Case(string Program, string[] Arguments, string[] RvtOptions, string? Stdin = null)
    {
        public override string ToString() => string.Join(' ', RvtOptions.Append(Program).Concat(Arguments));
    }

    private static readonly Case[] Cases =
    {
        new("printf_ints", [], []),
        new("printf_floats", [], []),
        new("math_funcs", [], []),
        new("file_io", [], ["--root", "."]),
        new("many_files", [], []),
        new("malloc_churn", [], []),
        new("big_mmap", [], []),
        new("setjmp_longjmp", [], []),
        new("cpp_exceptions", [], []),
        new("jit_patch", [], []),
        new("args_env", ["hello world", "", "a=b"], ["--env", "RVT_TEST_ONE=1", "--env", "HOME=/home/guest"]),
        new("stdin_filter", [], [], "first line\nsecond line mentions rvt\nlast line without newline"),
        new("exit_codes", [], []),
        new("exit_codes", ["255", "_exit"], []),
        new("stderr_exit", [], []),
        new("segfault", [], []),
        new("abort_message", [], []),
        new("signal_handlers", [], []),
        new("shared_mapping_end", ["shrink", "handler"], []),
        new("file_transfer", [], []),
        new("threads", ["counters"], []),
        new("threads", ["main-exits"], []),
        new("threads", ["worker-exits"], []),
        new("thread_blocking", [], []),
        new("sockets", [], []),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Select(c => c.ToString()));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ProgramAgreesAndBehavesAsInAPlainRun(string caseName)
    {
        var c = Cases.Single(x => x.ToString() == caseName);
        string program = UserModeRun.Program(c.Program);
        var plain = UserModeRun.Rvt(UserModeRun.FreshDirectory(), c.RvtOptions, program, c.Arguments, c.Stdin);
        string directory = UserModeRun.FreshDirectory();
        var difftest = UserModeRun.Rvt(directory, c.RvtOptions.Prepend("--difftest"), program, c.Arguments, c.Stdin);

        Assert.True(!difftest.Stderr.Contains("DIVERGENCE"), difftest.Stderr);
        var lines = difftest.Stderr.Split('\n').ToList();
        int agreed = lines.FindIndex(l => l.StartsWith(AgreedLinePrefix, StringComparison.Ordinal));
        Assert.True(agreed >= 0, "no agreement line in:\n" + difftest.Stderr);
        Assert.Equal(lines.Count - 2, agreed); // the last line, before the final newline
        lines.RemoveAt(agreed);

        Assert.Equal(plain.Stdout, difftest.Stdout);
        Assert.Equal(plain.Stderr, string.Join('\n', lines));
        Assert.Equal(plain.ExitCode, difftest.ExitCode);
    }

    // Appends to a log and counts what it finds there: a syscall run twice would show in the file and the output.
    private const string AppendingSource = """
        #include <fcntl.h>
        #include <stdio.h>
        #include <unistd.h>
        int main(void)
        {
            for (int i = 0; i < 3; i++) {
                int fd = open("log.txt", O_CREAT | O_WRONLY | O_APPEND, 0644);
                dprintf(fd, "entry %d\n", i);
                close(fd);
            }
            printf("size %ld\n", (long)lseek(open("log.txt", O_RDONLY), 0, SEEK_END));
            return 0;
        }
        """;

    [Fact]
    public void SyscallsHaveTheirEffectsOnce()
    {
        string directory = UserModeRun.FreshDirectory();
        string program = UserModeRun.Compile(UserModeRun.FreshDirectory(), "appending", AppendingSource, "-static");
        var r = UserModeRun.Rvt(directory, ["--difftest"], program, []);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("size 24\n", r.Stdout);
        Assert.Equal("entry 0\nentry 1\nentry 2\n", File.ReadAllText(Path.Combine(directory, "log.txt")));
    }

    // The reference keeps RAM as a private copy, which cannot show a store through one view of a shared file page in
    // another: the second view is refused with a warning instead of ending in a divergence that is not the engines'.
    [Fact]
    public void ASecondViewOfASharedFilePageIsRefusedWithAWarning()
    {
        var r = UserModeRun.Rvt(UserModeRun.FreshDirectory(), ["--difftest"], UserModeRun.Program("shared_mapping"), []);
        Assert.DoesNotContain("DIVERGENCE", r.Stderr);
        Assert.Contains("rvt: warning: mmap: a second mapping of a shared file page is not supported under --difftest", r.Stderr);
        Assert.Contains("second mapping of page 1: MAP_FAILED ENOSYS", r.Stdout);
        Assert.Contains("file at 0: 26 \"stored through the mapping\"", r.Stdout);
    }

    [Fact]
    public void InstructionLimitStopsBothEngines()
    {
        var r = UserModeRun.Rvt(UserModeRun.FreshDirectory(), ["--difftest", "--max-insns", "5000"], UserModeRun.Program("printf_ints"), []);
        Assert.Equal(InstructionLimit, r.ExitCode);
        Assert.Contains(AgreedLinePrefix + "5000 instructions agreed", r.Stderr);
        Assert.Contains("rvt: stopped after 5000 instructions (--max-insns)", r.Stderr);
    }

    [Fact]
    public void DifftestWithStatsIsAOneLineUsageError()
    {
        var r = UserModeRun.Rvt(UserModeRun.FreshDirectory(), ["--difftest", "--stats"], UserModeRun.Program("printf_ints"), []);
        Assert.Equal(Usage, r.ExitCode);
        Assert.Equal("rvt: run: --difftest cannot be combined with --stats or --profile", r.Stderr.Trim());
    }

    [Fact]
    public void RunHelpMentionsDifftest()
    {
        var r = ProcessRunner.Rvt("run", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--difftest", r.Stdout[r.Stdout.IndexOf("run [options] PROG", StringComparison.Ordinal)..]);
    }
}
