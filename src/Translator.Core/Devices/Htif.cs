using Translator.Memory;

namespace Translator.Devices;

/// <summary>
/// The host-target interface of Spike and riscv-tests: the guest writes commands to the RAM word
/// <c>tohost</c> and the host answers in <c>fromhost</c>. Supported: exit (bit 0 set, code = value &gt;&gt; 1),
/// the syscall proxy (device 0, command 0: a pointer to [number, a0, a1, a2, ...] with write = 64 and
/// exit = 93), and the console character device (device 1, command 1).
/// </summary>
public sealed class Htif : IRamWriteWatcher
{
    private const ulong SyscallWrite = 64, SyscallExit = 93;
    private const int DeviceSyscallProxy = 0, DeviceConsole = 1, CommandPutChar = 1;
    private readonly ulong _tohost, _fromhost;
    private readonly Stream _console;

    /// <summary>Creates the interface for the given <c>tohost</c>/<c>fromhost</c> addresses.</summary>
    public Htif(ulong tohostAddress, ulong fromhostAddress, Stream console)
    {
        _tohost = tohostAddress;
        _fromhost = fromhostAddress;
        _console = console;
    }

    /// <summary>The address of <c>tohost</c>.</summary>
    public ulong TohostAddress => _tohost;

    /// <inheritdoc/>
    public void OnRamWrite(Bus bus, ulong address, int width, ulong value)
    {
        // A 32-bit guest writes tohost in two halves; act on the whole word once its upper half is in.
        if (address + (ulong)width < _tohost + 8 && width < 8) return;
        ulong command = bus.Ram.Read(_tohost, 8);
        if (command == 0) return;
        bus.Ram.Write(_tohost, 8, 0);

        if ((command & 1) != 0 && (command >> 48) == 0)
        {
            bus.Stop.Request((int)(command >> 1), "htif");
            return;
        }
        int device = (int)(command >> 56);
        int cmd = (int)((command >> 48) & 0xFF);
        ulong payload = command & 0xFFFF_FFFF_FFFFUL;
        if (device == DeviceSyscallProxy && cmd == 0)
            RunSyscall(bus, payload);
        else if (device == DeviceConsole && cmd == CommandPutChar)
        {
            _console.WriteByte((byte)payload);
            bus.Ram.Write(_fromhost, 8, ((ulong)DeviceConsole << 56) | ((ulong)CommandPutChar << 48));
        }
    }

    private void RunSyscall(Bus bus, ulong block)
    {
        if (!bus.Read(block, 8, out ulong number)) return;
        bus.Read(block + 8, 8, out ulong a0);
        bus.Read(block + 16, 8, out ulong a1);
        bus.Read(block + 24, 8, out ulong a2);
        long result;
        switch (number)
        {
            case SyscallWrite when a0 is 1 or 2:
                if (!bus.Ram.Contains(a1, 1) || a2 > bus.Ram.Size || !bus.Ram.Contains(a1 + a2 - 1, 1) && a2 != 0)
                {
                    result = -14; // EFAULT
                    break;
                }
                _console.Write(bus.Ram.Span.Slice((int)(a1 - bus.Ram.Base), (int)a2));
                result = (long)a2;
                break;
            case SyscallExit:
                bus.Stop.Request((int)a0, "htif");
                return;
            default:
                result = -38; // ENOSYS
                break;
        }
        bus.Write(block, 8, (ulong)result);
        bus.Write(_fromhost, 8, 1);
    }
}
