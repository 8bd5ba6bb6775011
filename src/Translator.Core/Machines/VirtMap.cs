namespace Translator.Machines;

/// <summary>Physical addresses of the QEMU <c>virt</c> board, which firmware and kernels built for it expect.</summary>
public static class VirtMap
{
    /// <summary>SiFive test / syscon device.</summary>
    public const ulong TestDevice = 0x0010_0000;
    /// <summary>CLINT (software and timer interrupts).</summary>
    public const ulong Clint = 0x0200_0000;
    /// <summary>Size of the CLINT window.</summary>
    public const ulong ClintSize = 0x1_0000;
    /// <summary>PLIC (external interrupts).</summary>
    public const ulong Plic = 0x0C00_0000;
    /// <summary>Size of the PLIC window.</summary>
    public const ulong PlicSize = 0x60_0000;
    /// <summary>The first 16550 UART.</summary>
    public const ulong Uart0 = 0x1000_0000;
    /// <summary>Start of RAM.</summary>
    public const ulong RamBase = 0x8000_0000;
}
