using System.Text;
using Translator.UserMode.Abi;
using Translator.UserMode.Files;
using Translator.UserMode.Threads;

namespace Translator.UserMode.Syscalls;

/// <summary>
/// Waiting for children (there are none), CPU affinity, scheduling priority and the process attributes of prctl.
/// </summary>
public sealed class ProcessSyscalls : SyscallArea
{
    private const int PrioProcess = 0, PrioProcessGroup = 1, PrioUser = 2;
    private const int NiceMin = -20, NiceMax = 19, NiceBase = 20;
    private const int PrSetPdeathsig = 1, PrGetPdeathsig = 2, PrGetDumpable = 3, PrSetDumpable = 4, PrSetName = 15, PrGetName = 16;
    private const int SuidDumpDisable = 0, SuidDumpUser = 1;

    private int _dumpable = SuidDumpUser, _parentDeathSignal;

    /// <summary>Creates the area; the first thread's name is its program's file name, as exec sets it.</summary>
    public ProcessSyscalls(GuestProcess process) : base(process)
    {
        byte[] name = Encoding.UTF8.GetBytes(Path.GetFileName(process.ExecutablePath));
        name.AsSpan(0, Math.Min(name.Length, GuestThread.NameLength - 1)).CopyTo(process.Threads.Current.Name);
    }

    /// <inheritdoc/>
    public override void Register(SyscallTable table)
    {
        table.Add(SyscallNumber.sched_getaffinity, "dup", SchedGetAffinity);
        table.Add(SyscallNumber.sched_setaffinity, "dup", SchedSetAffinity);
        table.Add(SyscallNumber.wait4, "dpxp", Wait4);
        table.Add(SyscallNumber.waitid, "ddpxp", WaitId);
        table.Add(SyscallNumber.getcpu, "ppp", args => (args[0] == 0 || Memory.TryWriteUInt32(args[0], 0)) && (args[1] == 0 || Memory.TryWriteUInt32(args[1], 0)) ? 0 : Fault);
        table.Add(SyscallNumber.getpgid, "d", args => args.Int(0) == 0 || args.Int(0) == Process.Pid ? HostCalls.getpgid(0) : -Errno.ESRCH);
        table.Add(SyscallNumber.getsid, "d", args => args.Int(0) == 0 || args.Int(0) == Process.Pid ? HostCalls.getsid(0) : -Errno.ESRCH);
        table.Add(SyscallNumber.getpriority, "dd", GetPriority);
        table.Add(SyscallNumber.setpriority, "ddd", SetPriority);
        table.Add(SyscallNumber.prctl, "dxxxx", Prctl);
    }

    // The only process is this one, named by 0 or by its pid, its process group or its real uid.
    private long CheckPriorityTarget(int which, int who) => which switch
    {
        PrioProcess => who == 0 || who == Process.Pid ? 0 : -Errno.ESRCH,
        PrioProcessGroup => who == 0 || who == HostCalls.getpgid(0) ? 0 : -Errno.ESRCH,
        PrioUser => who == 0 || (uint)who == HostCalls.getuid() ? 0 : -Errno.ESRCH,
        _ => Invalid,
    };

    // The guest's nice value is that of the host thread running it. The raw call answers 20 - nice, so that a
    // success is never negative.
    private long GetPriority(SyscallArguments args)
    {
        long error = CheckPriorityTarget(args.Int(0), args.Int(1));
        return error != 0 ? error : NiceBase - HostCalls.getpriority(PrioProcess, 0);
    }

    // Set on the host thread alone (never on the host's process group or user), so the host's kernel decides
    // whether a lower value is allowed (EACCES without the privilege), as it does for qemu-riscv64.
    private long SetPriority(SyscallArguments args)
    {
        long error = CheckPriorityTarget(args.Int(0), args.Int(1));
        if (error != 0)
            return error;
        int nice = Math.Clamp(args.Int(2), NiceMin, NiceMax);
        return HostCalls.setpriority(PrioProcess, 0, nice) == 0 ? 0 : HostCalls.Error();
    }

    private long Prctl(SyscallArguments args)
    {
        switch (args.Int(0))
        {
            case PrSetName:
                if (!Memory.TryReadStringBytes(args[1], GuestThread.NameLength - 1, out byte[] name, out _))
                    return Fault;
                Array.Clear(Process.Threads.Current.Name);
                name.CopyTo(Process.Threads.Current.Name, 0); // a longer name is cut to 15 bytes
                return 0;
            case PrGetName:
                return Memory.TryWrite(args[1], Process.Threads.Current.Name) ? 0 : Fault;
            case PrGetDumpable:
                return _dumpable;
            case PrSetDumpable:
                if (args[1] is not (SuidDumpDisable or SuidDumpUser))
                    return Invalid;
                _dumpable = (int)args[1];
                return 0;
            case PrSetPdeathsig:
                if (args[1] > Signal.Max)
                    return Invalid;
                _parentDeathSignal = (int)args[1]; // only recorded: rvt does not watch its parent
                return 0;
            case PrGetPdeathsig:
                return Memory.TryWriteUInt32(args[1], (uint)_parentDeathSignal) ? 0 : Fault;
            default:
                Process.Warn($"prctl option {args.Int(0)} is not supported");
                return Invalid;
        }
    }

    // One hart: the mask has CPU 0 only. The kernel returns the size it wrote.
    private long SchedGetAffinity(SyscallArguments args)
    {
        const int MaskBytes = 8;
        if (args[1] < MaskBytes)
            return Invalid;
        byte[] mask = new byte[MaskBytes];
        mask[0] = 1;
        return Memory.TryWrite(args[2], mask) ? MaskBytes : Fault;
    }

    // The one CPU is CPU 0: a mask that leaves it out would leave the process nowhere to run.
    private long SchedSetAffinity(SyscallArguments args)
    {
        if (args.Int(0) != 0 && args.Int(0) != Process.Pid)
            return -Errno.ESRCH;
        if (args[1] == 0)
            return Invalid;
        byte[] first = new byte[1];
        if (!Memory.TryRead(args[2], first))
            return Fault;
        return (first[0] & 1) != 0 ? 0 : Invalid;
    }

    // rvt runs one process and never forks, so there is never a child to wait for: ECHILD, as Linux answers a
    // process without children, once the options are valid.
    private const int WaitNoHang = 1, WaitStopped = 2, WaitExited = 4, WaitContinued = 8, WaitNoWait = 0x1000000;
    private const int WaitNoThread = 0x20000000, WaitAll = 0x40000000, WaitClone = unchecked((int)0x80000000);
    private const int WaitAnyChild = WaitNoThread | WaitAll | WaitClone; // __WNOTHREAD, __WALL, __WCLONE

    private static long Wait4(SyscallArguments args) =>
        // WUNTRACED is WSTOPPED's old name.
        (args.Int(2) & ~(WaitNoHang | WaitStopped | WaitContinued | WaitAnyChild)) != 0 ? Invalid : -Errno.ECHILD;

    private static long WaitId(SyscallArguments args)
    {
        const int PidFd = 3;
        const int States = WaitStopped | WaitExited | WaitContinued;
        int options = args.Int(3);
        if ((options & ~(WaitNoHang | States | WaitNoWait | WaitAnyChild)) != 0
            || (options & States) == 0 || (uint)args.Int(0) > PidFd)
            return Invalid;
        return -Errno.ECHILD;
    }
}
