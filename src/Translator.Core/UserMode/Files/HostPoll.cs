namespace Translator.UserMode.Files;

/// <summary>The host's ppoll over an array of struct pollfd (8 bytes each: fd, events, revents), without a signal mask.</summary>
public static unsafe class HostPoll
{
    /// <summary>The size of a struct pollfd.</summary>
    public const int PollFdSize = 8;

    /// <summary>
    /// Waits at most <paramref name="limit"/> (null: with no limit; zero: not at all) for a descriptor in
    /// <paramref name="pollfds"/> to be ready, filling in their revents; returns how many are, or -1 with the host's errno.
    /// </summary>
    public static int Wait(byte[] pollfds, TimeSpan? limit)
    {
        const long NanosecondsPerSecond = 1_000_000_000, NanosecondsPerTick = 100;
        long nanoseconds = limit is TimeSpan t ? Math.Min(Math.Max(t.Ticks, 0), long.MaxValue / NanosecondsPerTick) * NanosecondsPerTick : 0;
        Span<byte> timespec = stackalloc byte[16];
        BitConverter.TryWriteBytes(timespec, nanoseconds / NanosecondsPerSecond);
        BitConverter.TryWriteBytes(timespec[8..], nanoseconds % NanosecondsPerSecond);
        fixed (byte* p = pollfds)
        fixed (byte* timeout = timespec)
            return HostCalls.ppoll(p, (ulong)(pollfds.Length / PollFdSize), limit == null ? null : timeout, null);
    }
}
