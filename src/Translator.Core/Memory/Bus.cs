namespace Translator.Memory;

/// <summary>
/// The physical address space: RAM plus memory-mapped devices. Unmapped addresses fail, which the
/// MMU turns into an access fault. A device may also watch a small range of RAM (HTIF's tohost).
/// </summary>
public sealed class Bus
{
    // An array, not a list: a list of tuples is generic code every boot would wait for RyuJIT to compile.
    private (ulong Base, IMmioDevice Device)[] _devices = [];
    private (ulong Base, ulong Size, IRamWriteWatcher Watcher)? _watch;

    /// <summary>Creates a bus around <paramref name="ram"/>.</summary>
    public Bus(Ram ram) => Ram = ram;

    /// <summary>Main memory.</summary>
    public Ram Ram { get; }

    /// <summary>Set by a device that wants the machine to stop (power-off, test exit, HTIF exit).</summary>
    public MachineStop Stop { get; } = new();

    /// <summary>The devices and their base addresses, in the order they were attached.</summary>
    public IReadOnlyList<(ulong Base, IMmioDevice Device)> Devices => _devices;

    /// <summary>Places a device at a physical base address.</summary>
    public void Attach(ulong baseAddress, IMmioDevice device)
    {
        foreach (var (b, d) in _devices)
        {
            if (baseAddress < b + d.Size && b < baseAddress + device.Size)
                throw new InvalidOperationException($"{device.Name} at 0x{baseAddress:x} overlaps {d.Name} at 0x{b:x}");
        }
        var devices = new (ulong, IMmioDevice)[_devices.Length + 1];
        Array.Copy(_devices, devices, _devices.Length);
        devices[^1] = (baseAddress, device);
        _devices = devices;
    }

    /// <summary>Asks to be told of guest writes into [baseAddress, baseAddress+size) of RAM.</summary>
    public void WatchRam(ulong baseAddress, ulong size, IRamWriteWatcher watcher) => _watch = (baseAddress, size, watcher);

    /// <summary>The watched range of RAM, if any (see <see cref="WatchRam"/>).</summary>
    public (ulong Base, ulong Size)? WatchedRange => _watch is { } w ? (w.Base, w.Size) : null;

    /// <summary>Whether a RAM write at this address must go through <see cref="Write"/> so a watcher sees it.</summary>
    public bool IsWatched(ulong address, int width) =>
        _watch is { } w && address < w.Base + w.Size && w.Base < address + (ulong)width;

    /// <summary>Reads from RAM or a device; false when nothing answers at that address.</summary>
    public bool Read(ulong address, int width, out ulong value)
    {
        if (Ram.Contains(address, width))
        {
            value = Ram.Read(address, width);
            return true;
        }
        var device = Find(address, width, out ulong offset);
        if (device != null)
            return device.Read(offset, width, out value);
        value = 0;
        return false;
    }

    /// <summary>Writes to RAM or a device; false when nothing answers at that address.</summary>
    public bool Write(ulong address, int width, ulong value)
    {
        if (Ram.Contains(address, width))
        {
            Ram.Write(address, width, value);
            if (_watch is { } w && address < w.Base + w.Size && w.Base < address + (ulong)width)
                w.Watcher.OnRamWrite(this, address, width, value);
            return true;
        }
        var device = Find(address, width, out ulong offset);
        return device != null && device.Write(offset, width, value);
    }

    private IMmioDevice? Find(ulong address, int width, out ulong offset)
    {
        foreach (var (b, d) in _devices)
        {
            if (address - b < d.Size && address - b + (ulong)width <= d.Size)
            {
                offset = address - b;
                return d;
            }
        }
        offset = 0;
        return null;
    }
}

/// <summary>Told of guest writes into a watched range of RAM, after the write.</summary>
public interface IRamWriteWatcher
{
    /// <summary>Called after the guest wrote <paramref name="width"/> bytes at <paramref name="address"/>.</summary>
    void OnRamWrite(Bus bus, ulong address, int width, ulong value);
}

/// <summary>
/// A request from the platform to end the run, with the guest's exit code; or, inside a slice, to end just the
/// slice (a timer deadline moved, and the machine plans its slices by deadlines).
/// </summary>
public sealed class MachineStop
{
    private bool _stopped, _sliceEnd;

    /// <summary>
    /// Whether the engines should end their run: the machine is to stop, or the slice in progress is to end.
    /// Engines check this between instructions. Outside a slice it means only that the machine is to stop.
    /// </summary>
    public bool Requested;

    /// <summary>The exit code the guest asked for.</summary>
    public int ExitCode { get; private set; }

    /// <summary>Which device asked, for messages.</summary>
    public string Source { get; private set; } = "";

    /// <summary>Withdraws a request that the host has handled (a user-mode syscall), so the hart can run on.</summary>
    public void Clear() => Requested = _stopped = _sliceEnd = false;

    /// <summary>Requests a stop with an exit code.</summary>
    public void Request(int exitCode, string source)
    {
        ExitCode = exitCode;
        Source = source;
        Requested = _stopped = true;
    }

    /// <summary>Asks the engines to end the slice in progress after the current instruction; the machine runs on.</summary>
    public void RequestSliceEnd() => Requested = _sliceEnd = true;

    /// <summary>At a slice's end: drops a slice-end request, and returns whether there was one.</summary>
    public bool TakeSliceEnd()
    {
        bool was = _sliceEnd;
        _sliceEnd = false;
        Requested = _stopped;
        return was;
    }
}
