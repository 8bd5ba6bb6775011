using Translator.Machines;
using Translator.Testing;
using Xunit;

namespace Translator.Tests.Platform;

/// <summary>
/// A real kernel: Linux 6.1 (Debian's source, built small by guest/linux-kernel/build.sh) under Debian's OpenSBI,
/// with an initramfs whose /init exercises page faults, SIGSEGV, fork, exec, pipes, timers and FP state across
/// context switches, then powers off. Its lines must equal what the same files print under qemu-system-riscv64, under
/// both engines, and the two engines must agree in lockstep for the whole boot.
/// </summary>
public sealed class LinuxBootTests
{
    private const string Firmware = FirmwareBoot.Firmware;
    private const string BootArgs = "console=ttyS0";
    private const ulong Memory = 256UL << 20;

    // Built once per test run; the script itself skips what is up to date.
    private static readonly Lazy<(string Image, string RamDisk)> Kernel = new(() =>
    {
        var build = ProcessRunner.Run(Path.Combine(RepoPaths.Guest, "linux-kernel", "build.sh"), Array.Empty<string>(), TimeSpan.FromMinutes(30));
        Assert.True(build.ExitCode == 0, "guest/linux-kernel/build.sh failed:\n" + build.Stderr);
        string folder = Path.Combine(RepoPaths.GuestBuild, "linux-kernel");
        return (Path.Combine(folder, "Image"), Path.Combine(folder, "initramfs.cpio"));
    });

    private static string Vmlinux => Path.Combine(RepoPaths.GuestBuild, "linux-kernel", "vmlinux");

    private static readonly Lazy<string> QemuLines = new(() =>
    {
        var (image, ramDisk) = Kernel.Value;
        return InitLines(FirmwareBoot.OnQemu(image, ramDisk, BootArgs, Memory, TimeSpan.FromMinutes(5)), comparable: true);
    });

    // /init's lines; QEMU's default cpu differs from rvt's in /proc/cpuinfo (H, Sv57), so those are left out to compare.
    private static string InitLines(string console, bool comparable) =>
        string.Join('\n', FirmwareBoot.LinesStartingWith(console, "init:")
            .Where(line => !comparable || !line.StartsWith("init: /proc/cpuinfo", StringComparison.Ordinal)));

    [Theory]
    [InlineData(EngineKind.Interpreter)]
    [InlineData(EngineKind.Translator)]
    public void LinuxBootsToUserSpaceAndPowersOffAsUnderQemu(EngineKind engine)
    {
        var (image, ramDisk) = Kernel.Value;
        var (result, output) = FirmwareBoot.OnRvt(engine, image, ramDisk, BootArgs, Memory, maxInstructions: 2_000_000_000,
            jitThreshold: Translator.Engines.Translation.TranslatorEngine.DefaultJitThreshold);

        Assert.True(result.End == RunEnd.GuestExit, "Linux did not power off:\n" + output);
        Assert.Equal(0, result.ExitCode);
        string lines = InitLines(output, comparable: false);
        Assert.Contains("init: /proc/cpuinfo isa\t\t: rv64imafdc_sstc", lines);
        Assert.Contains("init: /proc/cpuinfo mmu\t\t: sv39", lines);
        Assert.Contains("init: faulting child killed by signal 11", lines);
        Assert.EndsWith("init: powering off", lines);
        Assert.Equal(QemuLines.Value, InitLines(output, comparable: true));
    }

    [Fact]
    public void InterpreterAndTranslatorAgreeInLockstepForTheWholeBoot()
    {
        var (image, ramDisk) = Kernel.Value;
        var rvt = ProcessRunner.Rvt("boot", "--difftest", "--bios", Firmware, "--kernel", image, "--initrd", ramDisk,
            "--append", BootArgs, "-m", "256M");
        Assert.True(rvt.ExitCode == 0, $"exit {rvt.ExitCode}:\n{rvt.Stderr}");
        Assert.Contains("init: powering off", rvt.Stdout);
        Assert.Matches(@"rvt: difftest: engines interp,jit: \d+ instructions agreed", rvt.Stderr);
    }

    // The kernel as an ELF: placed where its Image would be (its physical addresses start at 0), and its symbols
    // name the kernel's code in the profile, among it the copy from user memory that runs with sstatus.SUM set.
    [Fact]
    public void VmlinuxBootsAndItsSymbolsNameTheProfile()
    {
        var (_, ramDisk) = Kernel.Value;
        string json = Path.Combine(TestScratch.NewDirectory("profile-"), "profile.json");
        var rvt = ProcessRunner.Rvt("boot", "--bios", Firmware, "--kernel", Vmlinux, "--initrd", ramDisk, "--append", BootArgs,
            "-m", "256M", "--jit-sync", "--profile=" + json);
        Assert.True(rvt.ExitCode == 0, $"exit {rvt.ExitCode}:\n{rvt.Stderr}");
        Assert.Contains("init: powering off", rvt.Stdout);
        Assert.Matches(@"\n  0xffffffff8[0-9a-f]{7} +[a-z_]", rvt.Stderr);
        string profile = File.ReadAllText(json);
        Assert.Matches("\"symbol\": \"__asm_copy_(from|to)_user", profile); // one routine, two names
        Assert.Contains("\"symbol\": \"memset", profile);
        Assert.DoesNotContain("PECOFF_SECTION_ALIGNMENT", profile); // an absolute symbol, not code
    }
}
