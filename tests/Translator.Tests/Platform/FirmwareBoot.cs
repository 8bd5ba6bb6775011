using System.Text;
using Translator.Loading;
using Translator.Machines;
using Translator.Testing;
using Xunit;

namespace Translator.Tests.Platform;

/// <summary>Boots Debian's OpenSBI with a kernel, on our board or under qemu-system-riscv64 (the oracle), the same way.</summary>
public static class FirmwareBoot
{
    /// <summary>Debian's OpenSBI for the virt board, jumping to 0x80200000 (package opensbi).</summary>
    public const string Firmware = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin";

    /// <summary>Boots on our board; returns the run's end and the console output.</summary>
    public static (RunResult Result, string Console) OnRvt(EngineKind engine, string kernel, string? ramDisk, string bootArgs,
        ulong memory, ulong maxInstructions, int jitThreshold = 0)
    {
        var console = new MemoryStream();
        var machine = new SystemMachine(new SystemMachineOptions
        {
            Console = console,
            Engine = engine,
            JitThreshold = jitThreshold,
            CompileInBackground = jitThreshold > 0,
            MemorySize = memory,
            BootArgs = bootArgs,
            MaxInstructions = maxInstructions,
        }, BootImage.Load(Firmware, kernel, ramDisk));
        var result = machine.Run();
        return (result, Encoding.Latin1.GetString(console.ToArray()));
    }

    /// <summary>Boots under qemu-system-riscv64 -M virt with the same files; returns its console output.</summary>
    public static string OnQemu(string kernel, string ramDisk, string bootArgs, ulong memory, TimeSpan timeout)
    {
        var qemu = ProcessRunner.Run("timeout", new[]
        {
            "--foreground", "-k", "5", ((int)timeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "qemu-system-riscv64", "-M", "virt", "-m", $"{memory >> 20}M", "-nographic", "-monitor", "none", "-serial", "stdio",
            "-bios", Firmware, "-kernel", kernel, "-initrd", ramDisk, "-append", bootArgs,
        }, timeout + TimeSpan.FromMinutes(1));
        Assert.True(qemu.ExitCode == 0, $"qemu exited with {qemu.ExitCode}: {qemu.Stderr}");
        return qemu.Stdout;
    }

    /// <summary>The console's lines that start with <paramref name="prefix"/> (OpenSBI's console turns \n into \r\n).</summary>
    public static IEnumerable<string> LinesStartingWith(string console, string prefix) =>
        console.Replace("\r", "").Split('\n').Where(line => line.StartsWith(prefix, StringComparison.Ordinal));
}
