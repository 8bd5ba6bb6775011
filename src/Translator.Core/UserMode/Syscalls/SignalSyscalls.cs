using System.Buffers.Binary;
using Translator.UserMode.Files;
using Translator.UserMode.Abi;
using Translator.UserMode.Threads;

namespace Translator.UserMode.Syscalls;

/// <summary>
/// Signals: actions, the mask and the alternate stack are recorded and reported back; a signal the program sends
/// itself is ignored, left pending while blocked, runs its handler before the program goes on (the machine enters
/// it through <see cref="SignalFrames"/>, and rt_sigreturn comes back), or ends the process as its default action would.
/// </summary>
public sealed class SignalSyscalls : SyscallArea
{
    private const int SigBlock = 0, SigUnblock = 1, SigSetMask = 2;
    private const ulong SigsetSize = 8;
    private const int StackSize = 24;
    private static readonly ulong Unblockable = SignalState.Bit(Signal.SIGKILL) | SignalState.Bit(Signal.SIGSTOP);

    /// <summary>Creates the area.</summary>
    public SignalSyscalls(GuestProcess process) : base(process) { }

    private SignalState State => Process.Signals;

    /// <inheritdoc/>
    public override void Register(SyscallTable table)
    {
        table.Add(SyscallNumber.rt_sigaction, "dppu", SetAction);
        table.Add(SyscallNumber.rt_sigprocmask, "dppu", SetMask);
        table.Add(SyscallNumber.rt_sigpending, "pu", args => Memory.TryWriteUInt64(args[0], State.Pending) ? 0 : Fault);
        table.Add(SyscallNumber.sigaltstack, "pp", AlternateStack);
        table.Add(SyscallNumber.rt_sigreturn, "", _ => SignalReturn());
        table.Add(SyscallNumber.rt_sigsuspend, "pu", Suspend);
        table.Add(SyscallNumber.rt_sigtimedwait, "pppu", TimedWait);
        table.Add(SyscallNumber.getitimer, "dp", GetTimer);
        table.Add(SyscallNumber.setitimer, "dpp", SetTimer);
        table.Add(SyscallNumber.kill, "dd", args => IsSelf(args.Int(0)) ? Raise(args.Int(1), SignalInfo.SiUser) : -Errno.ESRCH);
        table.Add(SyscallNumber.tkill, "dd", args => RaiseInThread(args.Int(0), args.Int(1)));
        table.Add(SyscallNumber.tgkill, "ddd", args => args.Int(0) == Process.Pid ? RaiseInThread(args.Int(1), args.Int(2)) : -Errno.ESRCH);
    }

    // pid 0 is the process group and -1 every process the caller may signal; for a lone process both mean itself.
    private bool IsSelf(int pid) => pid == Process.Pid || pid == 0 || pid == -1;

    private long SetAction(SyscallArguments args)
    {
        int signal = args.Int(0);
        if (signal < 1 || signal > Signal.Max || args[3] != SigsetSize)
            return Invalid;
        if (args[2] != 0 && !Memory.TryWrite(args[2], State.Action(signal)))
            return Fault;
        if (args[1] != 0)
        {
            if (signal is Signal.SIGKILL or Signal.SIGSTOP)
                return Invalid;
            byte[] action = new byte[SignalState.ActionSize];
            if (!Memory.TryRead(args[1], action))
                return Fault;
            action.CopyTo(State.Action(signal), 0);
        }
        return 0;
    }

    private long SetMask(SyscallArguments args)
    {
        if (args[3] != SigsetSize)
            return Invalid;
        ulong old = State.Blocked;
        if (args[1] != 0)
        {
            int how = args.Int(0);
            if (how is not (SigBlock or SigUnblock or SigSetMask))
                return Invalid;
            if (!Memory.TryReadUInt64(args[1], out ulong set))
                return Fault;
            State.Blocked = how switch
            {
                SigBlock => old | set,
                SigUnblock => old & ~set,
                _ => set,
            } & ~Unblockable;
        }
        if (args[2] != 0 && !Memory.TryWriteUInt64(args[2], old))
            return Fault;
        Process.DeliverPending();
        return 0;
    }

    private long AlternateStack(SyscallArguments args)
    {
        if (args[1] != 0 && !Memory.TryWrite(args[1], State.AlternateStack))
            return Fault;
        if (args[0] != 0)
        {
            byte[] stack = new byte[StackSize];
            if (!Memory.TryRead(args[0], stack))
                return Fault;
            stack.CopyTo(State.AlternateStack, 0);
        }
        return 0;
    }

    private long RaiseInThread(int tid, int signal) =>
        Process.Threads.Find(tid) is { } thread ? Raise(signal, SignalInfo.SiTkill, thread) : -Errno.ESRCH;

    // kill (to the process) and tkill/tgkill (to one thread); signal 0 only checks that the target exists.
    private long Raise(int signal, int code, GuestThread? thread = null)
    {
        if (signal < 0 || signal > Signal.Max)
            return Invalid;
        if (signal == 0)
            return 0;
        const string Detail = "sent by the program to itself";
        var info = new SignalInfo(code, Process.Pid, HostCalls.getuid());
        if (thread == null)
            Process.Raise(signal, Detail, info);
        else
            Process.RaiseIn(thread, signal, Detail, info);
        return 0;
    }

    private const int ItimervalSize = 32, MicrosecondsPerSecond = 1_000_000;

    private long GetTimer(SyscallArguments args)
    {
        int which = args.Int(0);
        if (which is < 0 or >= IntervalTimers.Count)
            return Invalid;
        return WriteTimer(args[1], which) ? 0 : Fault;
    }

    private long SetTimer(SyscallArguments args)
    {
        int which = args.Int(0);
        if (which is < 0 or >= IntervalTimers.Count)
            return Invalid;
        Span<byte> value = stackalloc byte[ItimervalSize];
        if (!Memory.TryRead(args[1], value))
            return Fault;
        long? interval = Microseconds(value), initial = Microseconds(value[16..]);
        if (interval == null || initial == null)
            return Invalid;
        if (args[2] != 0 && !WriteTimer(args[2], which))
            return Fault;
        Process.Timers.Set(which, initial.Value, interval.Value);
        return 0;
    }

    // A struct timeval in microseconds, or null when it is out of range.
    private static long? Microseconds(ReadOnlySpan<byte> timeval)
    {
        long seconds = BinaryPrimitives.ReadInt64LittleEndian(timeval), microseconds = BinaryPrimitives.ReadInt64LittleEndian(timeval[8..]);
        return seconds < 0 || microseconds is < 0 or >= MicrosecondsPerSecond || seconds > long.MaxValue / MicrosecondsPerSecond / 2
            ? null : seconds * MicrosecondsPerSecond + microseconds;
    }

    private bool WriteTimer(ulong address, int which)
    {
        var (left, interval) = Process.Timers.Get(which);
        Span<byte> value = stackalloc byte[ItimervalSize];
        BinaryPrimitives.WriteInt64LittleEndian(value, interval / MicrosecondsPerSecond);
        BinaryPrimitives.WriteInt64LittleEndian(value[8..], interval % MicrosecondsPerSecond);
        BinaryPrimitives.WriteInt64LittleEndian(value[16..], left / MicrosecondsPerSecond);
        BinaryPrimitives.WriteInt64LittleEndian(value[24..], left % MicrosecondsPerSecond);
        return Memory.TryWrite(address, value);
    }

    /// <summary>
    /// rt_sigsuspend: waits with the given mask until a signal runs a handler or ends the process, then fails with
    /// EINTR; the caller's mask comes back when the handler returns. A lone process with no timer armed and nothing
    /// pending would wait forever, so that ends it.
    /// </summary>
    private long Suspend(SyscallArguments args)
    {
        if (args[1] != SigsetSize)
            return Invalid;
        if (!Memory.TryReadUInt64(args[0], out ulong mask))
            return Fault;
        ulong old = State.Blocked;
        State.Blocked = mask & ~Unblockable;
        if (Process.Threads.OthersLive && !Process.SignalDue())
        {
            // The other threads run meanwhile; only a signal ends the wait, so the caller's mask returns with its handler.
            State.MaskAfterHandler = old;
            Process.Threads.BlockCurrent(0, 0, null, 0);
            return SyscallTable.Blocks;
        }
        if (Process.WaitForSignal(null) == WaitResult.Forever)
        {
            Process.Kill(Signal.SIGKILL, "sigsuspend with no timer armed and no other thread to send a signal: it would wait forever");
            return 0;
        }
        Process.EndMaskedWait(old, interrupted: true);
        return -Errno.EINTR;
    }

    /// <summary>
    /// rt_sigtimedwait (sigwaitinfo, sigtimedwait, sigwait): takes the lowest pending signal of the set instead of
    /// delivering it, waiting for one (the set is blocked meanwhile, so a timer's signal in it waits to be taken) until
    /// the timeout (EAGAIN) or a signal outside the set that runs a handler (EINTR).
    /// </summary>
    private long TimedWait(SyscallArguments args)
    {
        if (args[3] != SigsetSize)
            return Invalid;
        if (!Memory.TryReadUInt64(args[0], out ulong set))
            return Fault;
        set &= ~Unblockable;
        const int ClockMonotonic = 1; // a relative timeout: the clock only matters for an absolute one
        long error = ReadTimeout(args[2], ClockMonotonic, absolute: false, out TimeSpan? limit);
        if (error != 0)
            return error;
        if (Process.Threads.OthersLive && limit != TimeSpan.Zero && (State.Pending & set) == 0 && !Process.SignalDue())
        {
            // The other threads run meanwhile; the call runs again when a signal of the set is pending.
            Process.Threads.BlockCurrentForSignals(set, limit);
            return SyscallTable.Restart;
        }
        ulong old = State.Blocked;
        State.Blocked = old | set;
        var result = Process.WaitForSignal(limit, alsoPending: set);
        State.Blocked = old;
        ulong ready = State.Pending & set;
        if (ready != 0)
        {
            int signal = System.Numerics.BitOperations.TrailingZeroCount(ready) + 1;
            State.Pending &= ~SignalState.Bit(signal);
            if (args[1] != 0)
            {
                byte[] siginfo = new byte[SignalFrames.SiginfoSize];
                SignalFrames.WriteSiginfo(siginfo, signal, State.Info(signal));
                if (!Memory.TryWrite(args[1], siginfo))
                    return Fault;
            }
            return signal;
        }
        if (result == WaitResult.Forever)
        {
            Process.Kill(Signal.SIGKILL, "sigtimedwait with no timeout, no timer armed and no other thread to send a signal: it would wait forever");
            return 0;
        }
        return result == WaitResult.Elapsed ? -Errno.EAGAIN : -Errno.EINTR;
    }

    private long SignalReturn()
    {
        if (Process.Frames?.Return() == true)
            return SyscallTable.RegistersRestored;
        Process.Kill(Signal.SIGSEGV, "rt_sigreturn with no signal frame at sp");
        return 0;
    }
}
