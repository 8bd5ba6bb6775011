using Translator.UserMode.Abi;
using Translator.UserMode.Files;
using Translator.UserMode.Memory;

namespace Translator.UserMode.Syscalls;

/// <summary>A group of related syscalls (process, memory, files…) sharing the process state.</summary>
public abstract class SyscallArea
{
    /// <summary>Creates the area for a process.</summary>
    protected SyscallArea(GuestProcess process) => Process = process;

    /// <summary>The process the calls act on.</summary>
    protected GuestProcess Process { get; }

    /// <summary>The process's memory.</summary>
    protected AddressSpace Memory => Process.Memory;

    /// <summary>
    /// Passes <paramref name="result"/> on after a call that may have shrunk a file (truncate, ftruncate, O_TRUNC): pages
    /// of shared mappings now past their file's end lose their access, so that no access reaches the host's mapping there.
    /// </summary>
    protected long AfterFileMayHaveShrunk(long result)
    {
        Memory.DropSharedPagesPastEndOfFile();
        return result;
    }

    /// <summary>
    /// Reads a struct timespec argument (a timeout): 0 and null for a null address (no limit), else 0 and its length in
    /// nanoseconds (saturating); EFAULT or EINVAL (negative seconds, nanoseconds out of range) as a negative errno.
    /// </summary>
    protected long ReadTimespec(ulong address, out long? nanoseconds)
    {
        const long NanosecondsPerSecond = 1_000_000_000;
        nanoseconds = null;
        if (address == 0)
            return 0;
        if (!Memory.TryReadUInt64(address, out ulong seconds) || !Memory.TryReadUInt64(address + 8, out ulong fraction))
            return Fault;
        if ((long)seconds < 0 || fraction >= NanosecondsPerSecond)
            return Invalid;
        nanoseconds = (long)seconds >= long.MaxValue / NanosecondsPerSecond - 1
            ? long.MaxValue : (long)seconds * NanosecondsPerSecond + (long)fraction;
        return 0;
    }

    /// <summary>
    /// Reads a timeout given as a struct timespec: a length of time, or with <paramref name="absolute"/> a time on
    /// <paramref name="clock"/> (a past one is no time left). Null for a null address (no limit); errors as
    /// <see cref="ReadTimespec"/>.
    /// </summary>
    protected unsafe long ReadTimeout(ulong address, int clock, bool absolute, out TimeSpan? timeout)
    {
        const long NanosecondsPerSecond = 1_000_000_000;
        timeout = null;
        long error = ReadTimespec(address, out long? nanoseconds);
        if (error != 0 || nanoseconds is not long length)
            return error;
        if (absolute)
        {
            Span<byte> now = stackalloc byte[16];
            fixed (byte* p = now)
                if (HostCalls.clock_gettime(clock, p) != 0)
                    return HostCalls.Error();
            long seconds = BitConverter.ToInt64(now), fraction = BitConverter.ToInt64(now[8..]);
            length = seconds >= long.MaxValue / NanosecondsPerSecond - 1 ? 0 : Math.Max(0, length - (seconds * NanosecondsPerSecond + fraction));
        }
        timeout = TimeSpan.FromTicks(length / 100);
        return 0;
    }

    /// <summary>Adds this area's syscalls to the table.</summary>
    public abstract void Register(SyscallTable table);

    /// <summary>-EFAULT, for a bad guest pointer.</summary>
    protected const long Fault = -Errno.EFAULT;

    /// <summary>-EINVAL.</summary>
    protected const long Invalid = -Errno.EINVAL;

    /// <summary>-EBADF.</summary>
    protected const long BadDescriptor = -Errno.EBADF;
}
