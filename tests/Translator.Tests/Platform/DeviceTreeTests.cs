using Translator.Loading;
using Translator.Machines;
using Translator.Platform;
using Translator.Testing;
using Xunit;

namespace Translator.Tests.Platform;

/// <summary>The generated device tree is valid for dtc (no warnings) and describes the configured machine.</summary>
public sealed class DeviceTreeTests
{
    private static string Decompile(byte[] blob, out string warnings)
    {
        string path = Path.Combine(TestScratch.NewDirectory("dtb-"), "board.dtb");
        File.WriteAllBytes(path, blob);
        var dtc = ProcessRunner.Run("dtc", new[] { "-I", "dtb", "-O", "dts", path });
        Assert.True(dtc.ExitCode == 0, "dtc failed: " + dtc.Stderr);
        warnings = dtc.Stderr;
        return dtc.Stdout;
    }

    [Theory]
    [InlineData(128UL << 20)]
    [InlineData(1UL << 30)]
    public void DtcReadsItBackWithoutWarnings(ulong memorySize)
    {
        var blob = BoardDeviceTree.Build(new BoardDescription(memorySize, SystemMachine.IsaString, MachineClock.Frequency, "console=ttyS0"));
        string dts = Decompile(blob, out string warnings);
        Assert.True(warnings.Trim().Length == 0, "dtc warned:\n" + warnings);
        Assert.Contains($"reg = <0x00 0x80000000 0x{memorySize >> 32:x2} 0x{memorySize & 0xFFFFFFFF:x}>", dts.Replace("0x00 0x00>", "0x00 0x00>"));
        Assert.Contains("riscv,isa = \"rv64imafdc_zicsr_zifencei_zba_zbb_zbc_zbs_sstc\"", dts);
        Assert.Contains("mmu-type = \"riscv,sv39\"", dts);
        Assert.Contains("timebase-frequency = <0x989680>", dts);
        Assert.Contains("bootargs = \"console=ttyS0\"", dts);
        Assert.Contains("stdout-path = \"/soc/serial@10000000\"", dts);
        foreach (var node in new[] { "clint@2000000", "plic@c000000", "serial@10000000", "test@100000", "memory@80000000", "cpu@0" })
            Assert.Contains(node + " {", dts);
    }

    [Fact]
    public void MachinePassesItsAddressInA1()
    {
        string elf = GuestAssembler.Link(".globl _start\n_start: j _start\n");
        var machine = new SystemMachine(new SystemMachineOptions { MemorySize = 64UL << 20 }, ElfImage.Load(elf));
        ulong a1 = machine.Hart.X[Translator.Hart.Registers.A1];
        Assert.Equal(machine.DeviceTreeAddress, a1);
        Assert.True(machine.Bus.Read(a1, 4, out ulong magic));
        Assert.Equal(0xEDFE0DD0UL, magic); // 0xd00dfeed, big-endian in memory
    }
}
