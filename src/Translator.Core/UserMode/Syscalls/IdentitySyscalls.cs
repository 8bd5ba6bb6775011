using Translator.UserMode.Abi;
using Translator.UserMode.Files;

namespace Translator.UserMode.Syscalls;

/// <summary>Process and user identity: the host's ids, as qemu-riscv64 reports them.</summary>
public sealed class IdentitySyscalls : SyscallArea
{
    /// <summary>Creates the area.</summary>
    public IdentitySyscalls(GuestProcess process) : base(process) { }

    /// <inheritdoc/>
    public override void Register(SyscallTable table)
    {
        table.Add(SyscallNumber.getpid, "", _ => Process.Pid);
        table.Add(SyscallNumber.gettid, "", _ => Process.Pid); // the only thread is the main thread
        table.Add(SyscallNumber.getppid, "", _ => HostCalls.getppid());
        table.Add(SyscallNumber.getuid, "", _ => HostCalls.getuid());
        table.Add(SyscallNumber.geteuid, "", _ => HostCalls.geteuid());
        table.Add(SyscallNumber.getgid, "", _ => HostCalls.getgid());
        table.Add(SyscallNumber.getegid, "", _ => HostCalls.getegid());
        table.Add(SyscallNumber.getresuid, "ppp", args => WriteTriple(args, HostCalls.getuid(), HostCalls.geteuid()));
        table.Add(SyscallNumber.getresgid, "ppp", args => WriteTriple(args, HostCalls.getgid(), HostCalls.getegid()));
    }

    // Real, effective and saved ids; the saved id equals the effective one.
    private long WriteTriple(SyscallArguments args, uint real, uint effective) =>
        Memory.TryWriteUInt32(args[0], real) && Memory.TryWriteUInt32(args[1], effective) && Memory.TryWriteUInt32(args[2], effective)
            ? 0 : Fault;
}
