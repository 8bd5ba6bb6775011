using System.Text;
using Translator.UserMode.Abi;
using Translator.UserMode.Files;

namespace Translator.UserMode.Syscalls;

/// <summary>System information, resource limits and usage, randomness and sync.</summary>
public sealed unsafe class SystemSyscalls : SyscallArea
{
    private const int UtsnameFieldLength = 65, UtsnameFields = 6, MachineField = 4;
    private const int SysinfoSize = 112, RlimitSize = 16, RusageSize = 144;
    private const int RlimitStack = 3, RlimitCount = 16;
    private const ulong RlimitInfinity = ulong.MaxValue;
    private const string Machine = "riscv64";

    private readonly (ulong Soft, ulong Hard)[] _limits = new (ulong, ulong)[RlimitCount];

    /// <summary>Creates the area; resource limits start as the host's, except the stack, which is rvt's.</summary>
    public SystemSyscalls(GuestProcess process) : base(process)
    {
        Span<byte> limit = stackalloc byte[RlimitSize];
        for (int resource = 0; resource < RlimitCount; resource++)
        {
            fixed (byte* p = limit)
                _limits[resource] = HostCalls.getrlimit(resource, p) == 0
                    ? (BitConverter.ToUInt64(limit), BitConverter.ToUInt64(limit[8..]))
                    : (RlimitInfinity, RlimitInfinity);
        }
        _limits[RlimitStack] = (UserLayout.StackSize, RlimitInfinity);
    }

    /// <inheritdoc/>
    public override void Register(SyscallTable table)
    {
        table.Add(SyscallNumber.uname, "p", Uname);
        table.Add(SyscallNumber.sysinfo, "p", Sysinfo);
        table.Add(SyscallNumber.prlimit64, "ddpp", args => Limit(args[1], args[2], args[3], args.Int(0)));
        table.Add(SyscallNumber.getrlimit, "dp", args => Limit(args[0], 0, args[1], 0));
        table.Add(SyscallNumber.setrlimit, "dp", args => Limit(args[0], args[1], 0, 0));
        table.Add(SyscallNumber.getrandom, "pux", GetRandom);
        table.Add(SyscallNumber.getrusage, "dp", GetRusage);
        table.Add(SyscallNumber.umask, "o", args => HostCalls.umask(args.Int(0)));
        table.Add(SyscallNumber.sync, "", _ =>
        {
            HostCalls.sync();
            return 0;
        });
    }

    // The host's names, with the machine field saying riscv64 (as qemu-riscv64 does).
    private long Uname(SyscallArguments args)
    {
        byte[] buffer = new byte[UtsnameFieldLength * UtsnameFields];
        fixed (byte* p = buffer)
            HostCalls.uname(p);
        var machine = buffer.AsSpan(UtsnameFieldLength * MachineField, UtsnameFieldLength);
        machine.Clear();
        Encoding.ASCII.GetBytes(Machine).CopyTo(machine);
        return Memory.TryWrite(args[0], buffer) ? 0 : Fault;
    }

    private long Sysinfo(SyscallArguments args)
    {
        byte[] buffer = new byte[SysinfoSize];
        fixed (byte* p = buffer)
        {
            if (HostCalls.sysinfo(p) != 0)
                return HostCalls.Error();
        }
        return Memory.TryWrite(args[0], buffer) ? 0 : Fault;
    }

    private long Limit(ulong resource, ulong newLimit, ulong oldLimit, int pid)
    {
        if (pid != 0 && pid != Process.Pid)
            return -Errno.ESRCH;
        if (resource >= RlimitCount)
            return Invalid;
        if (oldLimit != 0)
        {
            var (soft, hard) = _limits[resource];
            if (!Memory.TryWriteUInt64(oldLimit, soft) || !Memory.TryWriteUInt64(oldLimit + 8, hard))
                return Fault;
        }
        if (newLimit != 0)
        {
            if (!Memory.TryReadUInt64(newLimit, out ulong soft) || !Memory.TryReadUInt64(newLimit + 8, out ulong hard))
                return Fault;
            if (soft > hard)
                return Invalid;
            _limits[resource] = (soft, hard); // recorded for the guest; rvt's own limits stay as they are
        }
        return 0;
    }

    // The host's figures for rvt itself (so its CPU times agree with times()); RUSAGE_THREAD is the guest's thread.
    private long GetRusage(SyscallArguments args)
    {
        const int RusageSelf = 0, RusageChildren = -1, RusageThread = 1;
        int who = args.Int(0);
        if (who is not (RusageSelf or RusageChildren or RusageThread))
            return Invalid;
        byte[] usage = new byte[RusageSize];
        fixed (byte* p = usage)
        {
            if (HostCalls.getrusage(who, p) != 0)
                return HostCalls.Error();
        }
        return Memory.TryWrite(args[1], usage) ? 0 : Fault;
    }

    private long GetRandom(SyscallArguments args)
    {
        int length = (int)Math.Min(args[1], int.MaxValue);
        byte[] bytes = new byte[length];
        HostRandom.Fill(bytes);
        return Memory.TryWrite(args[0], bytes) ? length : Fault;
    }
}
