using Translator.Machines;
using Translator.Testing;
using Xunit;

namespace Translator.Tests.Guests;

/// <summary>
/// Every self-checking guest program (guest/tests, guest/priv, guest/kernel) runs under each engine and under QEMU; the
/// console output and exit code must be identical, and the program must pass (exit 0).
/// </summary>
public sealed class SelfCheckingGuestTests
{
    public static TheoryData<string, EngineKind> Cases()
    {
        var data = new TheoryData<string, EngineKind>();
        foreach (var program in GuestRun.SelfCheckingPrograms())
            foreach (var engine in GuestRun.Engines)
                data.Add(program, engine);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesQemuAndPasses(string program, EngineKind engine) =>
        AssertMatchesQemu(Path.Combine(GuestBuild.EnsureBuilt(), program), engine);

    /// <summary>
    /// The HTIF builds print through the syscall proxy, which QEMU 7.2 does not answer (its console fallback
    /// drops characters under load), so their oracle is QEMU's run of the same test's virt build.
    /// </summary>
    [Theory]
    [MemberData(nameof(EngineData))]
    public void HtifBuildsMatchQemu(EngineKind engine)
    {
        var elfs = GuestBuild.Programs("tests", "*-htif.elf").ToList();
        Assert.NotEmpty(elfs);
        foreach (var elf in elfs)
            AssertMatchesQemu(elf, engine, oracleElf: elf.Replace("-htif.elf", ".elf", StringComparison.Ordinal));
    }

    public static TheoryData<EngineKind> EngineData() => new(GuestRun.Engines);

    private static void AssertMatchesQemu(string elf, EngineKind engine, string? oracleElf = null)
    {
        var qemu = GuestRun.OnQemu(oracleElf ?? elf);
        var (result, rawConsole) = GuestRun.OnRvt(elf, engine);
        string console = GuestRun.WithoutMeasurements(rawConsole);
        string expected = GuestRun.WithoutMeasurements(qemu.Stdout);
        string name = Path.GetFileName(elf);
        Assert.True(result.End == RunEnd.GuestExit, $"{name}: did not exit within the instruction limit (pc stuck?)");
        Assert.True(expected == console, $"{name}: console differs from QEMU's\n{GuestRun.FirstDifference(expected, console)}");
        Assert.True(qemu.ExitCode == result.ExitCode, $"{name}: exit code {result.ExitCode}, QEMU {qemu.ExitCode}");
        Assert.True(result.ExitCode == 0, $"{name}: failed check {result.ExitCode}\n{console}");
    }
}
