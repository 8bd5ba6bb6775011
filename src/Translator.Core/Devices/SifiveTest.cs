using Translator.Memory;

namespace Translator.Devices;

/// <summary>
/// The SiFive test device (QEMU virt "sifive,test0"): a 16- or 32-bit write of 0x5555 powers off with
/// exit code 0; 0x3333 fails with the exit code in the upper 16 bits of a 32-bit write; 0x7777 asks for a
/// reset, which this model reports as a stop. (OpenSBI's SRST shutdown is a 16-bit write.)
/// </summary>
public sealed class SifiveTest : IMmioDevice
{
    private const uint Fail = 0x3333, Pass = 0x5555, Reset = 0x7777;
    private readonly MachineStop _stop;

    /// <summary>Creates the device, which reports exits through <paramref name="stop"/>.</summary>
    public SifiveTest(MachineStop stop) => _stop = stop;

    /// <inheritdoc/>
    public string Name => "test";

    /// <inheritdoc/>
    public ulong Size => 0x1000;

    /// <summary>Whether the guest asked for a reset rather than a power-off.</summary>
    public bool ResetRequested { get; private set; }

    /// <inheritdoc/>
    public bool Read(ulong offset, int width, out ulong value)
    {
        value = 0;
        return true;
    }

    /// <inheritdoc/>
    public bool Write(ulong offset, int width, ulong value)
    {
        if (offset != 0 || width < 2) return true;
        uint word = (uint)value;
        switch (word & 0xFFFF)
        {
            case Pass: _stop.Request(0, "sifive-test"); break;
            case Fail: _stop.Request((int)(word >> 16), "sifive-test"); break;
            case Reset: ResetRequested = true; _stop.Request(0, "sifive-test reset"); break;
        }
        return true;
    }
}
