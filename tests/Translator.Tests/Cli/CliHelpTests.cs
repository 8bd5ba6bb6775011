using Translator.Testing;
using Xunit;

namespace Translator.Tests.Cli;

/// <summary>Asking a command for help prints the usage and succeeds, as `rvt help` does.</summary>
public sealed class CliHelpTests
{
    [Theory]
    [InlineData("help")]
    [InlineData("boot", "--help")]
    [InlineData("run", "-h")]
    [InlineData("fuzz", "--help")]
    [InlineData("disasm", "--help")]
    public void PrintsTheUsage(params string[] args)
    {
        var r = ProcessRunner.Rvt(args);
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("usage: rvt <command> [options]", r.Stdout);
        Assert.Contains("  run [options] PROG [ARGS...]", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void AHelpLaterOnIsNotAskingForIt()
    {
        // Past a command's first argument, --help is the command's to judge (an option's value, a program's argument).
        var r = ProcessRunner.Rvt("boot", "--kernel", "/nonexistent/prog.elf", "--help");
        Assert.Equal(64, r.ExitCode);
        Assert.Contains("unknown option '--help'", r.Stderr);
    }
}
