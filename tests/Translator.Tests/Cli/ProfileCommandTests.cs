using System.Text.Json;
using Translator.Testing;
using Xunit;

namespace Translator.Tests.Cli;

/// <summary><c>rvt boot --profile</c> reports the hot translated units of a real guest, as text and JSON.</summary>
public sealed class ProfileCommandTests
{
    [Fact]
    public void ProfilesTheHotLoopOfABenchmark()
    {
        string elf = Path.Combine(GuestBuild.EnsureBuilt(), "bench", "crc32.elf");
        string json = Path.Combine(TestScratch.NewDirectory("profile-"), "profile.json");
        var r = ProcessRunner.Rvt("boot", "--kernel", elf, "--engine", "jit", "--jit-sync", "--profile=" + json);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("profile: hottest translated units", r.Stderr);
        Assert.Contains("main+0x", r.Stderr);

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        long translated = root.GetProperty("instructionsTranslated").GetInt64();
        long interpreted = root.GetProperty("instructionsInterpreted").GetInt64();
        Assert.True(translated > 10 * interpreted, $"translated {translated}, interpreted {interpreted}");
        var units = root.GetProperty("units").EnumerateArray().ToList();
        Assert.NotEmpty(units);
        var hottest = units[0];
        Assert.StartsWith("main", hottest.GetProperty("symbol").GetString());
        Assert.True(hottest.GetProperty("ilBytes").GetInt32() > 0);
        Assert.True(hottest.GetProperty("executions").GetInt64() > 0);
        long retired = units.Sum(u => u.GetProperty("instructionsRetired").GetInt64());
        Assert.True(retired <= translated, "units cannot retire more than the translated total");
        Assert.True(units.Zip(units.Skip(1)).All(p => p.First.GetProperty("instructionsRetired").GetInt64() >= p.Second.GetProperty("instructionsRetired").GetInt64()),
            "units are sorted hottest first");
    }

    [Fact]
    public void ProfilesAUserModeProgram()
    {
        string program = Path.Combine(GuestBuild.EnsureBuilt(), "linux", "compute_primes");
        var r = ProcessRunner.Run("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, "rvt.dll"), "run", "--jit-sync", "--profile", program },
            workingDirectory: TestScratch.NewDirectory("profile-run-"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("profile: hottest translated units", r.Stderr);
        Assert.Matches(@"0x[0-9a-f]+\s+\w+\+0x[0-9a-f]+", r.Stderr); // units are named symbol+offset
    }

    [Fact]
    public void AnUnwritableProfileFileIsOneLineAndKeepsTheGuestsExitCode()
    {
        string elf = Path.Combine(GuestBuild.EnsureBuilt(), "tests", "integer.elf");
        var r = ProcessRunner.Rvt("boot", "--kernel", elf, "--profile=/nonexistent-dir/profile.json");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("rvt: --profile: cannot write /nonexistent-dir/profile.json", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void InterpreterRunsSayThereIsNothingToProfile()
    {
        string elf = Path.Combine(GuestBuild.EnsureBuilt(), "tests", "integer.elf");
        var r = ProcessRunner.Rvt("boot", "--kernel", elf, "--engine", "interp", "--profile");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--profile reports translated units", r.Stderr);
    }
}
