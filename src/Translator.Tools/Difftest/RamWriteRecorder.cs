using Translator.Memory;

namespace Translator.Tools.Difftest;

/// <summary>
/// Records which RAM pages the reference machine writes. It watches the whole of RAM through the bus's write
/// watch, which sends every store, AMO and page-table update of the interpreter through <see cref="Bus.Write"/>;
/// the subject is not watched, so it keeps its fast paths. A watcher that was already installed (HTIF's
/// <c>tohost</c>) is passed every write in its range, and its answer page (<c>fromhost</c>) is recorded too.
/// </summary>
public sealed class RamWriteRecorder : IRamWriteWatcher
{
    /// <summary>Bytes per page.</summary>
    public const int PageSize = 4096;
    private const int PageShift = 12;

    private readonly ulong _ramBase;
    private readonly bool[] _dirty;
    private readonly List<int> _pages = new();
    private readonly (ulong Base, ulong Size, IRamWriteWatcher Watcher, ulong AnswerAddress)? _inner;

    private RamWriteRecorder(Bus bus, (ulong, ulong, IRamWriteWatcher, ulong)? inner)
    {
        _ramBase = bus.Ram.Base;
        _dirty = new bool[(int)((bus.Ram.Size + PageSize - 1) / PageSize)];
        _inner = inner;
    }

    /// <summary>
    /// Starts recording the writes to <paramref name="bus"/>'s RAM. <paramref name="htif"/> gives the
    /// <c>tohost</c>/<c>fromhost</c> addresses and watcher when the machine has HTIF, so it keeps working.
    /// </summary>
    public static RamWriteRecorder Install(Bus bus, (ulong Tohost, ulong Fromhost, IRamWriteWatcher Watcher)? htif = null)
    {
        var recorder = new RamWriteRecorder(bus, htif is { } h ? (h.Tohost, 8UL, h.Watcher, h.Fromhost) : null);
        bus.WatchRam(bus.Ram.Base, bus.Ram.Size, recorder);
        return recorder;
    }

    /// <summary>The pages written since the last <see cref="Clear"/>, as page indices into RAM, in first-write order.</summary>
    public IReadOnlyList<int> DirtyPages => _pages;

    /// <summary>Forgets the recorded pages.</summary>
    public void Clear()
    {
        foreach (int page in _pages) _dirty[page] = false;
        _pages.Clear();
    }

    /// <summary>Marks a page as written (a tool restoring memory, or a device writing behind the bus).</summary>
    public void MarkPage(int page)
    {
        if ((uint)page < (uint)_dirty.Length && !_dirty[page])
        {
            _dirty[page] = true;
            _pages.Add(page);
        }
    }

    /// <inheritdoc/>
    public void OnRamWrite(Bus bus, ulong address, int width, ulong value)
    {
        MarkPage((int)((address - _ramBase) >> PageShift));
        MarkPage((int)((address + (ulong)width - 1 - _ramBase) >> PageShift));
        if (_inner is { } inner && address < inner.Base + inner.Size && inner.Base < address + (ulong)width)
        {
            inner.Watcher.OnRamWrite(bus, address, width, value);
            MarkPage((int)((inner.AnswerAddress - _ramBase) >> PageShift));
        }
    }
}
