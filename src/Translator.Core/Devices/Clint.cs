using Translator.Hart;
using Translator.Memory;
using Translator.Platform;

namespace Translator.Devices;

/// <summary>
/// The core-local interruptor of SiFive/QEMU virt for one hart: <c>msip</c> (machine software interrupt)
/// at 0x0, <c>mtimecmp</c> at 0x4000 and <c>mtime</c> at 0xBFF8. It drives mip.MSIP and mip.MTIP; with
/// Sstc it also drives mip.STIP from <c>stimecmp</c>.
/// </summary>
public sealed class Clint : IMmioDevice
{
    private const ulong MsipOffset = 0x0, MtimecmpOffset = 0x4000, MtimeOffset = 0xBFF8;
    private const ulong Msip = 1UL << (int)InterruptCause.MachineSoftware;
    private const ulong Mtip = 1UL << (int)InterruptCause.MachineTimer;
    private const ulong Stip = 1UL << (int)InterruptCause.SupervisorTimer;
    private const ulong MenvcfgStce = 1UL << 63;

    private readonly HartState _hart;
    private readonly MachineClock _clock;
    private readonly MachineStop? _stop;

    /// <summary>
    /// Creates the CLINT for one hart and its clock; a write to mtimecmp or mtime ends the machine's slice through
    /// <paramref name="stop"/>, if given, so that the next slice ends at the new deadline.
    /// </summary>
    public Clint(HartState hart, MachineClock clock, MachineStop? stop = null)
    {
        _hart = hart;
        _clock = clock;
        _stop = stop;
    }

    /// <inheritdoc/>
    public string Name => "clint";

    /// <inheritdoc/>
    public ulong Size => 0x1_0000;

    /// <summary>The machine timer compare value; reset leaves it at the maximum so no timer fires.</summary>
    public ulong Mtimecmp { get; private set; } = ulong.MaxValue;

    /// <summary>
    /// The earliest future mtime at which a timer interrupt (machine or Sstc supervisor) becomes pending, or
    /// <see cref="ulong.MaxValue"/>. A deadline already passed changes nothing more until software moves it.
    /// </summary>
    public ulong NextDeadline
    {
        get
        {
            ulong now = _clock.Now;
            ulong next = Mtimecmp > now ? Mtimecmp : ulong.MaxValue;
            if ((_hart.Csrs.Menvcfg & MenvcfgStce) != 0 && _hart.Csrs.Stimecmp > now)
                next = Math.Min(next, _hart.Csrs.Stimecmp);
            return next;
        }
    }

    /// <summary>Recomputes the timer bits of mip from mtime and the compare values.</summary>
    public void UpdateTimerInterrupts()
    {
        ulong now = _clock.Now;
        var csrs = _hart.Csrs;
        csrs.Mip = now >= Mtimecmp ? csrs.Mip | Mtip : csrs.Mip & ~Mtip;
        if ((csrs.Menvcfg & MenvcfgStce) != 0)
            csrs.Mip = now >= csrs.Stimecmp ? csrs.Mip | Stip : csrs.Mip & ~Stip;
    }

    /// <inheritdoc/>
    public bool Read(ulong offset, int width, out ulong value)
    {
        value = 0;
        if (offset >= MsipOffset && offset < MsipOffset + 4)
            value = (_hart.Csrs.Mip & Msip) != 0 ? 1UL : 0;
        else if (offset >= MtimecmpOffset && offset < MtimecmpOffset + 8)
            value = Slice(Mtimecmp, offset - MtimecmpOffset, width);
        else if (offset >= MtimeOffset && offset < MtimeOffset + 8)
            value = Slice(_clock.Now, offset - MtimeOffset, width);
        return true;
    }

    /// <inheritdoc/>
    public bool Write(ulong offset, int width, ulong value)
    {
        if (offset == MsipOffset)
            _hart.Csrs.Mip = (value & 1) != 0 ? _hart.Csrs.Mip | Msip : _hart.Csrs.Mip & ~Msip;
        else if (offset >= MtimecmpOffset && offset < MtimecmpOffset + 8)
        {
            Mtimecmp = Merge(Mtimecmp, offset - MtimecmpOffset, width, value);
            _stop?.RequestSliceEnd();
        }
        else if (offset >= MtimeOffset && offset < MtimeOffset + 8)
        {
            _clock.Set(Merge(_clock.Now, offset - MtimeOffset, width, value));
            _stop?.RequestSliceEnd();
        }
        UpdateTimerInterrupts();
        return true;
    }

    // 32-bit guests access the 64-bit registers in halves.
    private static ulong Slice(ulong register, ulong byteOffset, int width) =>
        (register >> (int)(byteOffset * 8)) & (width == 8 ? ulong.MaxValue : (1UL << (width * 8)) - 1);

    private static ulong Merge(ulong register, ulong byteOffset, int width, ulong value)
    {
        if (width == 8) return value;
        int shift = (int)(byteOffset * 8);
        ulong mask = ((1UL << (width * 8)) - 1) << shift;
        return (register & ~mask) | ((value << shift) & mask);
    }
}
