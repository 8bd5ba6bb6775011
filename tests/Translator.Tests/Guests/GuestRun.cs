using System.Collections.Concurrent;
using System.Text;
using Translator.Loading;
using Translator.Machines;
using Translator.Testing;

namespace Translator.Tests.Guests;

/// <summary>Runs a bare-metal guest in-process on our machine, or under QEMU as the oracle.</summary>
public static class GuestRun
{
    private static readonly ConcurrentDictionary<string, ProcessResult> QemuResults = new();

    /// <summary>Every engine; guest tests run under each.</summary>
    public static IEnumerable<EngineKind> Engines => Enum.GetValues<EngineKind>();

    /// <summary>Runs the ELF on our system machine and returns its console output and exit code.</summary>
    public static (RunResult Result, string Console) OnRvt(string elf, EngineKind engine, ulong maxInstructions = 4_000_000_000)
    {
        var console = new MemoryStream();
        var machine = new SystemMachine(new SystemMachineOptions
        {
            Console = console,
            Engine = engine,
            MaxInstructions = maxInstructions,
        }, ElfImage.Load(elf));
        var result = machine.Run();
        return (result, Encoding.Latin1.GetString(console.ToArray()));
    }

    /// <summary>Runs the ELF under qemu-system-riscv64 once per test run (cached by path and timestamp).</summary>
    public static ProcessResult OnQemu(string elf) =>
        QemuResults.GetOrAdd(elf + "@" + File.GetLastWriteTimeUtc(elf).Ticks, _ =>
            ProcessRunner.Run(Path.Combine(RepoPaths.Guest, "run-qemu.sh"), new[] { elf, "120" }, TimeSpan.FromMinutes(3)));

    /// <summary>Folders of guest/build whose ELFs are self-checking programs compared with QEMU.</summary>
    public static readonly string[] SelfCheckingFolders = { "tests", "priv", "kernel" };

    /// <summary>
    /// The self-checking programs as "folder/name.elf", from the guest build (so discovery builds the guests;
    /// a failing build fails discovery loudly rather than silently running fewer tests).
    /// </summary>
    public static IEnumerable<string> SelfCheckingPrograms() =>
        SelfCheckingFolders.SelectMany(folder => GuestBuild.Programs(folder)
            .Where(path => !path.EndsWith("-htif.elf", StringComparison.Ordinal)) // their oracle is the virt build (SelfCheckingGuestTests)
            .Select(path => folder + "/" + Path.GetFileName(path)));

    /// <summary>Drops lines that legitimately differ between emulators (measurements the guest prints as "stats: ...").</summary>
    public static string WithoutMeasurements(string console) =>
        string.Join('\n', console.Split('\n').Where(line => !line.StartsWith("stats:", StringComparison.Ordinal)));

    /// <summary>Shows where two console transcripts first differ, with some context.</summary>
    public static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string el = i < e.Length ? e[i] : "<end of output>";
            string al = i < a.Length ? a[i] : "<end of output>";
            if (el != al)
                return $"first difference at line {i + 1}:\n  qemu: {el}\n  rvt:  {al}";
        }
        return "outputs are equal";
    }
}
