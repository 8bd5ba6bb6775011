using System.Runtime.InteropServices;
using Translator.UserMode.Abi;
using Translator.UserMode.Files;

namespace Translator.UserMode.Syscalls;

/// <summary>Process and user identity: the host's ids and groups, as qemu-riscv64 reports them; none can be changed.</summary>
public sealed unsafe class IdentitySyscalls : SyscallArea
{
    /// <summary>Creates the area.</summary>
    public IdentitySyscalls(GuestProcess process) : base(process) { }

    /// <inheritdoc/>
    public override void Register(SyscallTable table)
    {
        table.Add(SyscallNumber.getpid, "", _ => Process.Pid);
        table.Add(SyscallNumber.getppid, "", _ => HostCalls.getppid());
        table.Add(SyscallNumber.getuid, "", _ => HostCalls.getuid());
        table.Add(SyscallNumber.geteuid, "", _ => HostCalls.geteuid());
        table.Add(SyscallNumber.getgid, "", _ => HostCalls.getgid());
        table.Add(SyscallNumber.getegid, "", _ => HostCalls.getegid());
        table.Add(SyscallNumber.getresuid, "ppp", args => WriteTriple(args, HostCalls.getuid(), HostCalls.geteuid()));
        table.Add(SyscallNumber.getresgid, "ppp", args => WriteTriple(args, HostCalls.getgid(), HostCalls.getegid()));
        table.Add(SyscallNumber.getgroups, "dp", GetGroups);
        table.Add(SyscallNumber.setgroups, "dp", _ => -Errno.EPERM); // the guest may not change the host's credentials
    }

    // The host's supplementary groups, with the kernel's rules: size 0 asks for the count, a smaller list is EINVAL.
    private long GetGroups(SyscallArguments args)
    {
        int size = args.Int(0);
        if (size < 0)
            return Invalid;
        int count = HostCalls.getgroups(0, null);
        if (count < 0)
            return HostCalls.Error();
        if (size == 0)
            return count;
        if (count > size)
            return Invalid;
        uint[] groups = new uint[count];
        fixed (uint* p = groups)
            count = HostCalls.getgroups(count, p);
        if (count < 0)
            return HostCalls.Error();
        return Memory.TryWrite(args[1], MemoryMarshal.AsBytes(groups.AsSpan(0, count))) ? count : Fault;
    }

    // Real, effective and saved ids; the saved id equals the effective one.
    private long WriteTriple(SyscallArguments args, uint real, uint effective) =>
        Memory.TryWriteUInt32(args[0], real) && Memory.TryWriteUInt32(args[1], effective) && Memory.TryWriteUInt32(args[2], effective)
            ? 0 : Fault;
}
