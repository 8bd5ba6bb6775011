using Translator.UserMode.Abi;
using Translator.UserMode.Files;

namespace Translator.UserMode.Syscalls;

/// <summary>Process lifetime and the thread-library calls a single-threaded program makes.</summary>
public sealed class ProcessSyscalls : SyscallArea
{
    private const int FutexWait = 0, FutexWake = 1, FutexWaitBitset = 9, FutexWakeBitset = 10;
    private const int FutexPrivateFlag = 128, FutexClockRealtime = 256;
    private const ulong ExitStatusMask = 0xFF;

    /// <summary>Creates the area.</summary>
    public ProcessSyscalls(GuestProcess process) : base(process) { }

    /// <inheritdoc/>
    public override void Register(SyscallTable table)
    {
        table.Add(SyscallNumber.exit, "d", Exit);
        table.Add(SyscallNumber.exit_group, "d", Exit);
        table.Add(SyscallNumber.set_tid_address, "p", _ => Process.Pid);
        table.Add(SyscallNumber.set_robust_list, "pu", _ => 0);
        table.Add(SyscallNumber.rseq, "pudx", _ => -Errno.ENOSYS);
        table.Add(SyscallNumber.futex, "pdupxx", Futex);
        table.Add(SyscallNumber.sched_yield, "", _ => 0);
        table.Add(SyscallNumber.sched_getaffinity, "dup", SchedGetAffinity);
        table.Add(SyscallNumber.getcpu, "ppp", args => (args[0] == 0 || Memory.TryWriteUInt32(args[0], 0)) && (args[1] == 0 || Memory.TryWriteUInt32(args[1], 0)) ? 0 : Fault);
        table.Add(SyscallNumber.getpgid, "d", args => args.Int(0) == 0 || args.Int(0) == Process.Pid ? HostCalls.getpgid(0) : -Errno.ESRCH);
        table.Add(SyscallNumber.getsid, "d", args => args.Int(0) == 0 || args.Int(0) == Process.Pid ? HostCalls.getsid(0) : -Errno.ESRCH);
    }

    // Nobody can wake the waiter, so it sleeps out its timeout: relative for FUTEX_WAIT, an absolute time on the
    // chosen clock for FUTEX_WAIT_BITSET.
    private unsafe long SleepUntilTimeout(ulong timeoutAddress, bool absolute, bool realtime)
    {
        const int TimespecSize = 16, ClockRealtime = 0, ClockMonotonic = 1, TimerAbsolute = 1;
        byte[] timeout = new byte[TimespecSize];
        if (!Memory.TryRead(timeoutAddress, timeout))
            return Fault;
        int error;
        fixed (byte* t = timeout)
            error = HostCalls.clock_nanosleep(realtime ? ClockRealtime : ClockMonotonic, absolute ? TimerAbsolute : 0, t, null);
        return error == 0 ? -Errno.ETIMEDOUT : -error;
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

    private long Exit(SyscallArguments args)
    {
        Process.Exit = new ProcessExit((int)(args[0] & ExitStatusMask), 0, null);
        return 0;
    }

    // One thread: nobody else can change the word or wake a waiter, so a wait either fails at once or would
    // sleep until its timeout.
    private long Futex(SyscallArguments args)
    {
        int command = args.Int(1) & ~(FutexPrivateFlag | FutexClockRealtime);
        switch (command)
        {
            case FutexWake or FutexWakeBitset:
                return 0;
            case FutexWait or FutexWaitBitset:
                Span<byte> word = stackalloc byte[4];
                if (!Memory.TryRead(args[0], word))
                    return Fault;
                if (BitConverter.ToUInt32(word) != (uint)args[2])
                    return -Errno.EAGAIN;
                if (args[3] == 0)
                {
                    Process.Kill(Signal.SIGKILL, "futex wait with no other thread to wake it: deadlock");
                    return 0;
                }
                return SleepUntilTimeout(args[3], absolute: command == FutexWaitBitset, realtime: (args.Int(1) & FutexClockRealtime) != 0);
            default:
                Process.Warn($"futex operation {command} is not supported");
                return -Errno.ENOSYS;
        }
    }
}
