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

    /// <summary>Adds this area's syscalls to the table.</summary>
    public abstract void Register(SyscallTable table);

    /// <summary>-EFAULT, for a bad guest pointer.</summary>
    protected const long Fault = -Errno.EFAULT;

    /// <summary>-EINVAL.</summary>
    protected const long Invalid = -Errno.EINVAL;

    /// <summary>-EBADF.</summary>
    protected const long BadDescriptor = -Errno.EBADF;
}
