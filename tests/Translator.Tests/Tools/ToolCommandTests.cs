using Translator.Testing;
using Xunit;

namespace Translator.Tests.Tools;

/// <summary><c>rvt fuzz</c> and <c>rvt boot --difftest</c> from the command line.</summary>
public sealed class ToolCommandTests
{
    private const int Usage = 64;

    [Fact]
    public void FuzzRunsAndSaysSo()
    {
        var r = ProcessRunner.Rvt("fuzz", "--seed", "3", "--count", "2", "--length", "50", "--quiet");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("no divergence", r.Stdout);
        Assert.Contains("programs 0..1", r.Stdout);
    }

    [Theory]
    [InlineData("fuzz --count 3", "--seed S is required")]
    [InlineData("fuzz --seed x", "not a non-negative integer")]
    [InlineData("fuzz --seed 1 --engines interp", "two engines")]
    [InlineData("fuzz --seed 1 --engines interp,fast", "unknown engine 'fast'")]
    [InlineData("fuzz --seed 1 --length 5000", "at most 800")]
    public void FuzzUsageErrors(string args, string expected)
    {
        var r = ProcessRunner.Rvt(args.Split(' '));
        Assert.Equal(Usage, r.ExitCode);
        Assert.Contains(expected, r.Stderr);
    }

    [Fact]
    public void BootDifftestRefusesHostTime()
    {
        var r = ProcessRunner.Rvt("boot", "--kernel", Path.Combine(GuestBuild.EnsureBuilt(), "tests", "compressed.elf"), "--difftest", "--host-time");
        Assert.Equal(Usage, r.ExitCode);
        Assert.Contains("deterministic time", r.Stderr);
    }

    [Fact]
    public void BootDifftestRunsAGuestToItsExit()
    {
        var r = ProcessRunner.Rvt("boot", "--kernel", Path.Combine(GuestBuild.EnsureBuilt(), "tests", "compressed.elf"), "--difftest", "--engine", "jit");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("rvt: difftest: engines interp,jit:", r.Stderr);
        Assert.Contains("instructions agreed", r.Stderr);
    }
}
