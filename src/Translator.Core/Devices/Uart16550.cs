using Translator.Memory;

namespace Translator.Devices;

/// <summary>
/// A 16550-compatible UART (as on QEMU virt). Transmitted bytes go to an output stream at once, so the
/// transmitter is always empty; received bytes come from an <see cref="IConsoleInput"/>. The interrupt line
/// follows the 16550 rules for "received data available" and "transmitter holding register empty".
/// </summary>
public sealed class Uart16550 : IMmioDevice
{
    private const int ReceiveOrTransmit = 0, InterruptEnable = 1, InterruptIdentOrFifo = 2, LineControl = 3;
    private const int ModemControl = 4, LineStatus = 5, ModemStatus = 6, Scratch = 7;
    private const byte DivisorLatchAccess = 0x80;
    private const byte DataReady = 0x01, TransmitterEmpty = 0x60; // LSR: DR; THRE | TEMT
    private const byte EnableReceivedData = 0x01, EnableTransmitterEmpty = 0x02;
    private const byte NoInterruptPending = 0x01, TransmitterEmptyInterrupt = 0x02, ReceivedDataInterrupt = 0x04;
    private const byte FifosEnabled = 0xC0;

    private readonly Stream _output;
    private readonly bool _flushEachLine;
    private readonly IConsoleInput? _input;
    private readonly Action<bool>? _irq;
    private byte _interruptEnable, _lineControl, _modemControl, _scratch, _divisorLow, _divisorHigh, _fifoControl;
    private int _received = -1;
    private bool _transmitterEmptyPending;

    /// <summary>Creates a UART.</summary>
    /// <param name="output">Where transmitted bytes go.</param>
    /// <param name="flushEachLine">Flush at each newline, for a person watching a terminal.</param>
    /// <param name="input">Where received bytes come from, or null for none.</param>
    /// <param name="irq">Drives the interrupt line, or null when not wired.</param>
    public Uart16550(Stream output, bool flushEachLine, IConsoleInput? input = null, Action<bool>? irq = null)
    {
        _output = output;
        _flushEachLine = flushEachLine;
        _input = input;
        _irq = irq;
    }

    /// <inheritdoc/>
    public string Name => "uart";

    /// <inheritdoc/>
    public ulong Size => 0x100;

    /// <summary>Takes the next input byte if the receive register is free, and updates the interrupt line.</summary>
    public void Poll()
    {
        if (_received < 0 && _input != null && _input.TryRead(out byte b))
            _received = b;
        UpdateIrq();
    }

    /// <inheritdoc/>
    public bool Read(ulong offset, int width, out ulong value)
    {
        bool dlab = (_lineControl & DivisorLatchAccess) != 0;
        switch ((int)offset)
        {
            case ReceiveOrTransmit when dlab: value = _divisorLow; break;
            case ReceiveOrTransmit:
                value = _received < 0 ? 0u : (uint)_received;
                _received = -1;
                Poll();
                break;
            case InterruptEnable: value = dlab ? _divisorHigh : _interruptEnable; break;
            case InterruptIdentOrFifo:
                byte ident = PendingInterrupt();
                if (ident == TransmitterEmptyInterrupt) _transmitterEmptyPending = false; // reading IIR acknowledges THRE
                value = (uint)(ident | ((_fifoControl & 1) != 0 ? FifosEnabled : 0));
                UpdateIrq();
                break;
            case LineControl: value = _lineControl; break;
            case ModemControl: value = _modemControl; break;
            case LineStatus: value = (uint)(TransmitterEmpty | (_received >= 0 ? DataReady : 0)); break;
            case ModemStatus: value = 0xB0; break; // CTS, DSR, DCD asserted: a cable is attached
            case Scratch: value = _scratch; break;
            default: value = 0; break;
        }
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
                _transmitterEmptyPending = true;
                break;
            case InterruptEnable when dlab: _divisorHigh = b; break;
            case InterruptEnable:
                // Enabling the THRE interrupt while the transmitter is empty raises it at once.
                if ((b & EnableTransmitterEmpty) != 0 && (_interruptEnable & EnableTransmitterEmpty) == 0)
                    _transmitterEmptyPending = true;
                _interruptEnable = (byte)(b & 0x0F);
                break;
            case InterruptIdentOrFifo: _fifoControl = (byte)(b & 0xC9); break;
            case LineControl: _lineControl = b; break;
            case ModemControl: _modemControl = (byte)(b & 0x1F); break;
            case Scratch: _scratch = b; break;
        }
        UpdateIrq();
        return true;
    }

    private byte PendingInterrupt()
    {
        if ((_interruptEnable & EnableReceivedData) != 0 && _received >= 0) return ReceivedDataInterrupt;
        if ((_interruptEnable & EnableTransmitterEmpty) != 0 && _transmitterEmptyPending) return TransmitterEmptyInterrupt;
        return NoInterruptPending;
    }

    private void UpdateIrq() => _irq?.Invoke(PendingInterrupt() != NoInterruptPending);
}

/// <summary>A source of console input bytes that never blocks.</summary>
public interface IConsoleInput
{
    /// <summary>Takes the next byte if one has arrived.</summary>
    bool TryRead(out byte value);
}
