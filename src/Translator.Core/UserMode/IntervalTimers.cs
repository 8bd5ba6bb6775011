using System.Diagnostics;
using Translator.UserMode.Abi;

namespace Translator.UserMode;

/// <summary>
/// The process's three interval timers (setitimer): ITIMER_REAL raises SIGALRM, ITIMER_VIRTUAL SIGVTALRM and
/// ITIMER_PROF SIGPROF. All three count the host's monotonic time, which for an emulated program that computes is
/// close to the CPU time the last two stand for. The machine checks them between slices and after syscalls, so a
/// signal comes within a slice of its deadline.
/// </summary>
public sealed class IntervalTimers
{
    /// <summary>The number of timers (ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF).</summary>
    public const int Count = 3;

    private static readonly int[] Signals = { Signal.SIGALRM, Signal.SIGVTALRM, Signal.SIGPROF };
    private readonly long[] _deadline = new long[Count]; // Stopwatch ticks; 0 when disarmed
    private readonly long[] _interval = new long[Count];

    /// <summary>Whether any timer is armed.</summary>
    public bool Armed => _deadline[0] != 0 || _deadline[1] != 0 || _deadline[2] != 0;

    /// <summary>Timer <paramref name="which"/>'s time left and interval, in microseconds (0 left: disarmed).</summary>
    public (long Left, long Interval) Get(int which)
    {
        long left = _deadline[which] == 0 ? 0 : Math.Max(_deadline[which] - Stopwatch.GetTimestamp(), 1);
        return (ToMicroseconds(left), ToMicroseconds(_interval[which]));
    }

    /// <summary>Arms timer <paramref name="which"/> to expire in <paramref name="value"/> µs (0 disarms), then every <paramref name="interval"/> µs.</summary>
    public void Set(int which, long value, long interval)
    {
        _deadline[which] = value == 0 ? 0 : Stopwatch.GetTimestamp() + FromMicroseconds(value);
        _interval[which] = FromMicroseconds(interval);
    }

    /// <summary>The time until the earliest armed timer expires (zero if one has), or null when none is armed.</summary>
    public TimeSpan? UntilNextDeadline()
    {
        long next = long.MaxValue;
        foreach (long deadline in _deadline)
            if (deadline != 0)
                next = Math.Min(next, deadline);
        return next == long.MaxValue ? null : Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), Math.Max(next, Stopwatch.GetTimestamp()));
    }

    /// <summary>The signal of a timer that has expired (re-armed by its interval, or disarmed), or 0.</summary>
    public int TakeExpired()
    {
        long now = Stopwatch.GetTimestamp();
        for (int which = 0; which < Count; which++)
        {
            if (_deadline[which] == 0 || _deadline[which] > now)
                continue;
            // An interval timer that fell behind skips the periods it missed: one signal, as standard signals do not queue.
            _deadline[which] = _interval[which] == 0 ? 0 : now + _interval[which] - (now - _deadline[which]) % _interval[which];
            return Signals[which];
        }
        return 0;
    }

    private static long FromMicroseconds(long microseconds) => (long)(microseconds * (Stopwatch.Frequency / 1e6));

    private static long ToMicroseconds(long ticks) => (long)Math.Ceiling(ticks * 1e6 / Stopwatch.Frequency);
}
