using Translator.UserMode.Abi;
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

    /// <summary>Adds this area's syscalls to the table.</summary>
    public abstract void Register(SyscallTable table);

    /// <summary>-EFAULT, for a bad guest pointer.</summary>
    protected const long Fault = -Errno.EFAULT;

    /// <summary>-EINVAL.</summary>
    protected const long Invalid = -Errno.EINVAL;

    /// <summary>-EBADF.</summary>
    protected const long BadDescriptor = -Errno.EBADF;
}
