using Translator.Memory;

namespace Translator.Devices;

/// <summary>
/// A 16550-compatible UART (as on QEMU virt): transmit goes to an output stream; the line status
/// always reports an empty transmitter. Registers are one byte apart.
/// </summary>
public sealed class Uart16550 : IMmioDevice
{
    private const int ReceiveOrTransmit = 0, InterruptEnable = 1, InterruptIdentOrFifo = 2, LineControl = 3;
    private const int ModemControl = 4, LineStatus = 5, ModemStatus = 6, Scratch = 7;
    private const byte DivisorLatchAccess = 0x80;
    private const byte TransmitterEmpty = 0x60; // THRE | TEMT
    private const byte NoInterruptPending = 0x01;

    private readonly Stream _output;
    private readonly bool _flushEachLine;
    private byte _interruptEnable, _lineControl, _modemControl, _scratch, _divisorLow, _divisorHigh;

    /// <summary>Creates a UART writing transmitted bytes to <paramref name="output"/>.</summary>
    /// <param name="output">Where transmitted bytes go.</param>
    /// <param name="flushEachLine">Flush at each newline, for a person watching a terminal.</param>
    public Uart16550(Stream output, bool flushEachLine)
    {
        _output = output;
        _flushEachLine = flushEachLine;
    }

    /// <inheritdoc/>
    public string Name => "uart";

    /// <inheritdoc/>
    public ulong Size => 0x100;

    /// <inheritdoc/>
    public bool Read(ulong offset, int width, out ulong value)
    {
        bool dlab = (_lineControl & DivisorLatchAccess) != 0;
        value = (int)offset switch
        {
            ReceiveOrTransmit => dlab ? _divisorLow : 0u,
            InterruptEnable => dlab ? _divisorHigh : _interruptEnable,
            InterruptIdentOrFifo => NoInterruptPending,
            LineControl => _lineControl,
            ModemControl => _modemControl,
            LineStatus => TransmitterEmpty,
            ModemStatus => 0u,
            Scratch => _scratch,
            _ => 0u,
        };
        return true;
    }

    /// <inheritdoc/>
    public bool Write(ulong offset, int width, ulong value)
    {
        byte b = (byte)value;
        bool dlab = (_lineControl & DivisorLatchAccess) != 0;
        switch ((int)offset)
        {
            case ReceiveOrTransmit when dlab: _divisorLow = b; break;
            case ReceiveOrTransmit:
                _output.WriteByte(b);
                if (_flushEachLine && b == '\n') _output.Flush();
                break;
            case InterruptEnable when dlab: _divisorHigh = b; break;
            case InterruptEnable: _interruptEnable = (byte)(b & 0x0F); break;
            case LineControl: _lineControl = b; break;
            case ModemControl: _modemControl = (byte)(b & 0x1F); break;
            case Scratch: _scratch = b; break;
        }
        return true;
    }
}
