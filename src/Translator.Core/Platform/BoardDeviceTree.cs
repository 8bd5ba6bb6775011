using Translator.Machines;

namespace Translator.Platform;

/// <summary>What the generated device tree describes about the board.</summary>
/// <param name="MemorySize">RAM size in bytes (RAM starts at <see cref="VirtMap.RamBase"/>).</param>
/// <param name="IsaString">The <c>riscv,isa</c> string of the cpu.</param>
/// <param name="TimebaseFrequency">The mtime frequency in Hz.</param>
/// <param name="BootArgs">The kernel command line for <c>/chosen</c>.</param>
/// <param name="InitialRamDisk">Where the initial RAM disk lies, [start, end), or null for none.</param>
public sealed record BoardDescription(ulong MemorySize, string IsaString, uint TimebaseFrequency, string BootArgs,
    (ulong Start, ulong End)? InitialRamDisk = null);

/// <summary>
/// The device tree of our QEMU-virt-compatible board: memory, one cpu with its interrupt controller,
/// CLINT, PLIC, the 16550 UART, the SiFive test device (with syscon power-off and reboot) and /chosen.
/// Node names, compatible strings and interrupt wiring follow what kernels built for QEMU virt expect.
/// </summary>
public static class BoardDeviceTree
{
    private const uint CpuIntcPhandle = 1, PlicPhandle = 2, TestPhandle = 3;
    private const uint UartClockHz = 3_686_400;
    /// <summary>The PLIC source the UART drives, as on QEMU virt.</summary>
    public const uint UartIrq = 10;
    /// <summary>The number of PLIC interrupt sources described.</summary>
    public const uint PlicSources = 95;

    /// <summary>Builds the blob.</summary>
    public static byte[] Build(BoardDescription board)
    {
        var fdt = new FdtWriter();
        fdt.BeginNode("")
            .Cells("#address-cells", 2).Cells("#size-cells", 2)
            .Property("compatible", "riscv-virtio").Property("model", "riscv-virtio,qemu");

        fdt.BeginNode("chosen")
            .Property("bootargs", board.BootArgs)
            .Property("stdout-path", $"/soc/serial@{VirtMap.Uart0:x}");
        if (board.InitialRamDisk is var (start, end))
            fdt.Cells64("linux,initrd-start", start).Cells64("linux,initrd-end", end);
        fdt.EndNode();

        fdt.BeginNode($"memory@{VirtMap.RamBase:x}")
            .Property("device_type", "memory")
            .Cells64("reg", VirtMap.RamBase, board.MemorySize)
            .EndNode();

        fdt.BeginNode("cpus")
            .Cells("#address-cells", 1).Cells("#size-cells", 0)
            .Cells("timebase-frequency", board.TimebaseFrequency);
        fdt.BeginNode("cpu@0")
            .Property("device_type", "cpu").Cells("reg", 0).Property("status", "okay")
            .Property("compatible", "riscv").Property("riscv,isa", board.IsaString)
            .Property("mmu-type", "riscv,sv39");
        fdt.BeginNode("interrupt-controller")
            .Cells("#address-cells", 0).Cells("#interrupt-cells", 1).Property("interrupt-controller")
            .Property("compatible", "riscv,cpu-intc").Cells("phandle", CpuIntcPhandle)
            .EndNode();
        fdt.EndNode().EndNode();

        fdt.BeginNode("soc")
            .Cells("#address-cells", 2).Cells("#size-cells", 2)
            .Property("compatible", "simple-bus").Property("ranges");

        fdt.BeginNode($"test@{VirtMap.TestDevice:x}")
            .Property("compatible", "sifive,test1", "sifive,test0", "syscon")
            .Cells64("reg", VirtMap.TestDevice, 0x1000).Cells("phandle", TestPhandle)
            .EndNode();
        fdt.BeginNode($"serial@{VirtMap.Uart0:x}")
            .Property("compatible", "ns16550a")
            .Cells64("reg", VirtMap.Uart0, 0x100)
            .Cells("clock-frequency", UartClockHz)
            .Cells("interrupt-parent", PlicPhandle).Cells("interrupts", UartIrq)
            .EndNode();

        fdt.BeginNode($"plic@{VirtMap.Plic:x}")
            .Property("compatible", "sifive,plic-1.0.0", "riscv,plic0")
            .Cells64("reg", VirtMap.Plic, VirtMap.PlicSize)
            .Cells("#address-cells", 0).Cells("#interrupt-cells", 1).Property("interrupt-controller")
            .Cells("riscv,ndev", PlicSources)
            // Context 0 is the hart's M-mode external interrupt (11), context 1 its S-mode one (9).
            .Cells("interrupts-extended", CpuIntcPhandle, 11, CpuIntcPhandle, 9)
            .Cells("phandle", PlicPhandle)
            .EndNode();

        fdt.BeginNode($"clint@{VirtMap.Clint:x}")
            .Property("compatible", "sifive,clint0", "riscv,clint0")
            .Cells64("reg", VirtMap.Clint, VirtMap.ClintSize)
            // Machine software (3) and machine timer (7) interrupts of hart 0.
            .Cells("interrupts-extended", CpuIntcPhandle, 3, CpuIntcPhandle, 7)
            .EndNode();

        fdt.EndNode(); // soc

        // Power-off and reboot are syscon writes to the test device; they have no registers of their own.
        fdt.BeginNode("poweroff")
            .Property("compatible", "syscon-poweroff")
            .Cells("regmap", TestPhandle).Cells("offset", 0).Cells("value", 0x5555)
            .EndNode();
        fdt.BeginNode("reboot")
            .Property("compatible", "syscon-reboot")
            .Cells("regmap", TestPhandle).Cells("offset", 0).Cells("value", 0x7777)
            .EndNode();

        fdt.EndNode(); // root
        return fdt.ToArray();
    }
}
