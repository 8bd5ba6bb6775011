using Translator.UserMode.Abi;
using Translator.UserMode.Files;

namespace Translator.UserMode.Syscalls;

/// <summary>Clocks and sleeping, answered by the host's clocks (timespec and timeval have the same layout).</summary>
public sealed unsafe class TimeSyscalls : SyscallArea
{
    private const int TimespecSize = 16, TimevalSize = 16;

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

    private long Sleep(int clock, int flags, ulong request, ulong remaining)
    {
        Span<byte> wanted = stackalloc byte[TimespecSize];
        Span<byte> left = stackalloc byte[TimespecSize];
        if (!Memory.TryRead(request, wanted))
            return Fault;
        int error;
        fixed (byte* w = wanted)
        fixed (byte* l = left)
            error = HostCalls.clock_nanosleep(clock, flags, w, l); // returns the error number itself
        if (error != 0 && remaining != 0 && error == Errno.EINTR)
            Memory.TryWrite(remaining, left);
        return -error;
    }
}
