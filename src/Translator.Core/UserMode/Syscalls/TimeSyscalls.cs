using System.Buffers.Binary;
using Translator.UserMode.Abi;
using Translator.UserMode.Files;

namespace Translator.UserMode.Syscalls;

/// <summary>Clocks and sleeping, answered by the host's clocks (timespec and timeval have the same layout).</summary>
public sealed unsafe class TimeSyscalls : SyscallArea
{
    private const int TimespecSize = 16, TimevalSize = 16, TmsSize = 32;

    /// <summary>Creates the area.</summary>
    public TimeSyscalls(GuestProcess process) : base(process) { }

    /// <inheritdoc/>
    public override void Register(SyscallTable table)
    {
        table.Add(SyscallNumber.clock_gettime, "dp", args => ReadClock(args, HostCalls.clock_gettime));
        table.Add(SyscallNumber.clock_getres, "dp", args => args[1] == 0 ? 0 : ReadClock(args, HostCalls.clock_getres));
        table.Add(SyscallNumber.gettimeofday, "pp", GetTimeOfDay);
        table.Add(SyscallNumber.nanosleep, "pp", args => Sleep(0, 0, args[0], args[1]));
        table.Add(SyscallNumber.clock_nanosleep, "ddpp", args => Sleep(args.Int(0), args.Int(1), args[2], args[3]));
        table.Add(SyscallNumber.times, "p", Times);
    }

    private delegate int ClockCall(int clock, byte* timespec);

    private long ReadClock(SyscallArguments args, ClockCall call)
    {
        Span<byte> timespec = stackalloc byte[TimespecSize];
        fixed (byte* p = timespec)
        {
            if (call(args.Int(0), p) != 0)
                return HostCalls.Error();
        }
        return Memory.TryWrite(args[1], timespec) ? 0 : Fault;
    }

    private long GetTimeOfDay(SyscallArguments args)
    {
        Span<byte> timeval = stackalloc byte[TimevalSize];
        fixed (byte* p = timeval)
            HostCalls.gettimeofday(p, null);
        if (args[0] != 0 && !Memory.TryWrite(args[0], timeval))
            return Fault;
        // The kernel's timezone is always zero minutes west, no DST.
        if (args[1] != 0 && !Memory.TryWrite(args[1], stackalloc byte[8]))
            return Fault;
        return 0;
    }

    // The host's answer: rvt's CPU times (the guest's and the emulation's), in the 100 Hz ticks of AT_CLKTCK, and the
    // kernel's tick count, which never fails.
    private long Times(SyscallArguments args)
    {
        Span<byte> tms = stackalloc byte[TmsSize];
        long ticks;
        fixed (byte* p = tms)
            ticks = HostCalls.times(p);
        if (args[0] != 0 && !Memory.TryWrite(args[0], tms))
            return Fault;
        return ticks;
    }

    private const int TimerAbsoluteTime = 1;
    private const long NanosecondsPerSecond = 1_000_000_000;

    private long Sleep(int clock, int flags, ulong request, ulong remaining)
    {
        Span<byte> wanted = stackalloc byte[TimespecSize];
        Span<byte> left = stackalloc byte[TimespecSize];
        if (!Memory.TryRead(request, wanted))
            return Fault;
        bool absolute = (flags & TimerAbsoluteTime) != 0;
        if (Process.Threads.OthersLive || Process.Timers.Armed || Process.ForwardsSignals)
        {
            long invalid = ReadTimeout(request, clock, absolute, out TimeSpan? duration);
            if (invalid != 0)
                return invalid;
            if (!Process.Threads.OthersLive)
                return SleepUntilSignal(duration!.Value, absolute, remaining);
            // The other threads run meanwhile: the thread sleeps in the scheduler (a signal ends it with EINTR).
            Process.Threads.BlockCurrent(0, 0, duration, 0);
            return SyscallTable.Blocks;
        }
        int error;
        fixed (byte* w = wanted)
        fixed (byte* l = left)
            error = HostCalls.clock_nanosleep(clock, flags, w, l); // returns the error number itself
        if (error != 0 && remaining != 0 && error == Errno.EINTR)
            Memory.TryWrite(remaining, left);
        return -error;
    }

    // With an interval timer armed or signals coming from outside, the sleep is a wait that a signal cuts short (EINTR,
    // with the time left for a relative sleep), as on Linux.
    private long SleepUntilSignal(TimeSpan duration, bool absolute, ulong remaining)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (Process.WaitForSignal(duration) != WaitResult.Interrupted)
            return 0;
        if (remaining != 0 && !absolute)
        {
            long leftNanoseconds = Math.Max(0, (duration - System.Diagnostics.Stopwatch.GetElapsedTime(started)).Ticks * 100);
            Span<byte> left = stackalloc byte[TimespecSize];
            BinaryPrimitives.WriteInt64LittleEndian(left, leftNanoseconds / NanosecondsPerSecond);
            BinaryPrimitives.WriteInt64LittleEndian(left[8..], leftNanoseconds % NanosecondsPerSecond);
            Memory.TryWrite(remaining, left);
        }
        return -Errno.EINTR;
    }
}
