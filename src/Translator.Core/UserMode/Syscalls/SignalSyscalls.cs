using Translator.UserMode.Abi;

namespace Translator.UserMode.Syscalls;

/// <summary>
/// Signals, honestly minimal: actions, the mask and the alternate stack are recorded and reported back; a
/// signal the program sends itself is ignored, left pending while blocked, or ends the process as its default
/// action would. rvt does not run guest signal handlers; a signal that would run one ends the process instead.
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
        table.Add(SyscallNumber.kill, "dd", args => IsSelf(args.Int(0)) ? Raise(args.Int(1)) : -Errno.ESRCH);
        table.Add(SyscallNumber.tkill, "dd", args => args.Int(0) == Process.Pid ? Raise(args.Int(1)) : -Errno.ESRCH);
        table.Add(SyscallNumber.tgkill, "ddd", args => args.Int(0) == Process.Pid && args.Int(1) == Process.Pid ? Raise(args.Int(2)) : -Errno.ESRCH);
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

    private long Raise(int signal)
    {
        if (signal < 0 || signal > Signal.Max)
            return Invalid;
        if (signal != 0) // signal 0 only checks that the process exists
            Process.Raise(signal, "sent by the program to itself");
        return 0;
    }
}
