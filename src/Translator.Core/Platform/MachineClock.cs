using System.Diagnostics;
using Translator.Hart;

namespace Translator.Platform;

/// <summary>
/// The platform's mtime, at <see cref="Frequency"/>. By default it is derived from the instructions the hart
/// has executed (<see cref="InstructionsPerTick"/> per tick), so runs are deterministic; it can follow host
/// time instead. A wfi with nothing else to do may skip it forward to the next timer deadline.
/// </summary>
public sealed class MachineClock
{
    /// <summary>mtime frequency in Hz, as on QEMU virt.</summary>
    public const uint Frequency = 10_000_000;

    /// <summary>Instructions per mtime tick in deterministic mode (a nominal 100 MIPS hart).</summary>
    public const ulong InstructionsPerTick = 10;

    private readonly HartState _hart;
    private readonly Func<ulong> _instructionsExecuted;
    private readonly Stopwatch? _host;
    private ulong _offset;

    /// <summary>Creates a clock for <paramref name="hart"/>.</summary>
    /// <param name="hart">The hart whose progress drives deterministic time.</param>
    /// <param name="instructionsExecuted">Instructions executed so far, including those in the current engine run.</param>
    /// <param name="followHostTime">Follow the host's monotonic clock instead.</param>
    public MachineClock(HartState hart, Func<ulong> instructionsExecuted, bool followHostTime)
    {
        _hart = hart;
        _instructionsExecuted = instructionsExecuted;
        _host = followHostTime ? Stopwatch.StartNew() : null;
    }

    /// <summary>Whether time follows the host clock.</summary>
    public bool FollowsHostTime => _host != null;

    /// <summary>The current mtime.</summary>
    public ulong Now => Raw + _offset;

    private ulong Raw => _host != null
        ? (ulong)(_host.ElapsedTicks * (double)Frequency / Stopwatch.Frequency)
        : _instructionsExecuted() / InstructionsPerTick;

    /// <summary>Sets mtime (a guest write to the CLINT's mtime register).</summary>
    public void Set(ulong value) => _offset = value - Raw;

    /// <summary>Moves time forward to <paramref name="mtime"/> if it is still in the future (an idle wfi).</summary>
    public void SkipTo(ulong mtime)
    {
        ulong now = Now;
        if (mtime > now) _offset += mtime - now;
    }

    /// <summary>
    /// How many instructions the hart may execute before mtime reaches <paramref name="mtime"/>; at least 1.
    /// With host time this is a fixed slice, since instructions do not drive the clock.
    /// </summary>
    public ulong InstructionsUntil(ulong mtime, ulong hostSlice)
    {
        if (_host != null) return hostSlice;
        ulong now = Now;
        if (mtime <= now) return 1;
        ulong ticks = mtime - now;
        if (ticks > ulong.MaxValue / InstructionsPerTick) return ulong.MaxValue;
        ulong instructions = ticks * InstructionsPerTick - _instructionsExecuted() % InstructionsPerTick;
        return Math.Max(instructions, 1);
    }

    /// <summary>The hart this clock belongs to.</summary>
    public HartState Hart => _hart;
}
