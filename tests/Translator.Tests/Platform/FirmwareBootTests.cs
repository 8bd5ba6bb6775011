using System.Collections.Concurrent;
using Translator.Loading;
using Translator.Machines;
using Translator.Testing;
using Xunit;

namespace Translator.Tests.Platform;

/// <summary>
/// Debian's OpenSBI (fw_jump) started with a kernel, as <c>qemu-system-riscv64 -M virt -bios -kernel -initrd
/// -append</c> starts it: the S-mode payload of guest/sbi talks to the firmware through SBI calls, reads /chosen and
/// /memory, takes a timer interrupt and two exceptions that the firmware hands back, and powers off through SRST.
/// Its lines must equal QEMU's under both engines, for the payload as an ELF and as a flat image.
/// </summary>
public sealed class FirmwareBootTests
{
    private const string Firmware = FirmwareBoot.Firmware;
    private const string BootArgs = "console=ttyS0 rvt-test=1";
    private static readonly ConcurrentDictionary<string, string> QemuPayloadLines = new();

    private static string Payload(string form) => Path.Combine(GuestBuild.EnsureBuilt(), "sbi", "payload." + form);

    private static string RamDisk()
    {
        string path = Path.Combine(TestScratch.NewDirectory("initrd-"), "initrd");
        // Not a multiple of the page size, so the end /chosen gives is exact.
        File.WriteAllText(path, "rvt initrd, first line\n" + new string('x', 5000) + "\n");
        return path;
    }

    private static string PayloadLines(string console) => string.Join('\n', FirmwareBoot.LinesStartingWith(console, "payload:"));

    private static string OnQemu(string form, string ramDisk) =>
        QemuPayloadLines.GetOrAdd(form, _ => PayloadLines(FirmwareBoot.OnQemu(Payload(form), ramDisk, BootArgs, 128UL << 20, TimeSpan.FromMinutes(2))));

    [Theory]
    [InlineData("elf", EngineKind.Interpreter)]
    [InlineData("elf", EngineKind.Translator)]
    [InlineData("bin", EngineKind.Interpreter)]
    [InlineData("bin", EngineKind.Translator)]
    public void PayloadUnderOpenSbiMatchesQemu(string form, EngineKind engine)
    {
        string ramDisk = RamDisk();
        var (result, output) = FirmwareBoot.OnRvt(engine, Payload(form), ramDisk, BootArgs, 128UL << 20, maxInstructions: 200_000_000);

        Assert.True(result.End == RunEnd.GuestExit, "the payload did not power off:\n" + output);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("sifive-test", result.ExitSource);
        Assert.Contains("OpenSBI v", output);
        string lines = PayloadLines(output);
        Assert.Contains("payload: initrd of 5024 bytes, page-aligned 1, first line: rvt initrd, first line", lines);
        Assert.Contains($"bootargs \"{BootArgs}\"", lines);
        Assert.EndsWith("payload: shutting down through SRST", lines);
        Assert.Equal(OnQemu(form, ramDisk), lines);
    }

    [Fact]
    public void FlatKernelIsPlacedAtTheFirstTwoMebibyteBoundaryAfterTheFirmware()
    {
        var boot = BootImage.Load(Firmware, Payload("bin"), null);
        Assert.Equal(VirtMap.RamBase, boot.Entry);
        Assert.Equal(VirtMap.RamBase, boot.Segments[0].PhysicalAddress);
        Assert.Equal(VirtMap.RamBase + (2UL << 20), boot.Segments[1].PhysicalAddress);
        Assert.Null(boot.SymbolSource);
    }

    [Fact]
    public void LinuxImageHeaderSizeCoversItsBss()
    {
        // A file with the RISC-V Linux image header: 64 bytes, image_size 1 MiB, magic2 "RSC\x05".
        byte[] image = new byte[4096];
        BitConverter.GetBytes(1UL << 20).CopyTo(image, 16);
        "RSC\x05"u8.CopyTo(image.AsSpan(56));
        string path = Path.Combine(TestScratch.NewDirectory("image-"), "Image");
        File.WriteAllBytes(path, image);
        var boot = BootImage.Load(Firmware, path, null);
        Assert.Equal(1UL << 20, boot.Segments[^1].MemorySize);
    }

    [Fact]
    public void DumpedDeviceTreeGivesTheRamDiskAndCommandLine()
    {
        string ramDisk = RamDisk();
        string dtb = Path.Combine(TestScratch.NewDirectory("dtb-"), "board.dtb");
        var rvt = ProcessRunner.Rvt("boot", "--bios", Firmware, "--kernel", Payload("bin"), "--initrd", ramDisk,
            "--append", BootArgs, "-m", "64M", "--dump-dtb", dtb);
        Assert.True(rvt.ExitCode == 0, rvt.Stderr);
        Assert.Equal("", rvt.Stdout); // nothing ran
        var dtc = ProcessRunner.Run("dtc", new[] { "-I", "dtb", "-O", "dts", dtb });
        Assert.Equal(0, dtc.ExitCode);
        // 64 MiB: the device tree's 2 MiB at the top (0x83e00000), the RAM disk's 5024 bytes in the pages below.
        Assert.Contains("linux,initrd-start = <0x00 0x83dfe000>;", dtc.Stdout);
        Assert.Contains("linux,initrd-end = <0x00 0x83dff3a0>;", dtc.Stdout);
        Assert.Contains($"bootargs = \"{BootArgs}\";", dtc.Stdout);
    }

    [Fact]
    public void FlatKernelWithoutFirmwareIsRefused()
    {
        var rvt = ProcessRunner.Rvt("boot", "--kernel", Payload("bin"));
        Assert.Equal(2, rvt.ExitCode);
        Assert.Contains("needs --bios", rvt.Stderr);
    }

    [Fact]
    public void KernelOverlappingTheFirmwareIsRefused()
    {
        // A bare-metal test linked at 0x80000000, where the firmware is.
        string elf = Path.Combine(GuestBuild.EnsureBuilt(), "tests", "integer.elf");
        var rvt = ProcessRunner.Rvt("boot", "--bios", Firmware, "--kernel", elf);
        Assert.Equal(2, rvt.ExitCode);
        Assert.Contains("overlaps the firmware", rvt.Stderr);
        Assert.Single(rvt.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void RamDiskThatDoesNotFitIsRefused()
    {
        string big = Path.Combine(TestScratch.NewDirectory("initrd-"), "big");
        File.WriteAllBytes(big, new byte[40 << 20]);
        var rvt = ProcessRunner.Rvt("boot", "--bios", Firmware, "--kernel", Payload("bin"), "--initrd", big, "-m", "32M");
        Assert.Equal(2, rvt.ExitCode);
        Assert.Contains("does not fit", rvt.Stderr);
    }

    [Fact]
    public void MissingFirmwareIsReportedInOneLine()
    {
        var rvt = ProcessRunner.Rvt("boot", "--bios", "/nonexistent/fw_jump.bin", "--kernel", Payload("bin"));
        Assert.Equal(2, rvt.ExitCode);
        Assert.Contains("/nonexistent/fw_jump.bin: cannot read", rvt.Stderr);
    }
}
