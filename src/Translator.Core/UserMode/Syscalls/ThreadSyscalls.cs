using Translator.UserMode.Abi;
using Translator.UserMode.Threads;

namespace Translator.UserMode.Syscalls;

/// <summary>
/// Threads: clone for a new thread of the process (what pthread_create asks for), thread exit, thread ids, futexes
/// and yielding. The threads take turns on the one hart (<see cref="ThreadScheduler"/>). A clone for a new process
/// (fork, vfork, posix_spawn) is not supported.
/// </summary>
public sealed class ThreadSyscalls : SyscallArea
{
    private const ulong CloneVm = 0x100, CloneFs = 0x200, CloneFiles = 0x400, CloneSighand = 0x800, CloneThread = 0x10000;
    private const ulong CloneSysvsem = 0x40000, CloneSettls = 0x80000, CloneParentSettid = 0x100000, CloneChildCleartid = 0x200000;
    private const ulong CloneDetached = 0x400000, CloneChildSettid = 0x1000000, CloneExitSignalMask = 0xFF;
    private const ulong CloneThreadFlags = CloneVm | CloneFs | CloneFiles | CloneSighand | CloneThread | CloneSysvsem | CloneSettls
        | CloneParentSettid | CloneChildCleartid | CloneDetached | CloneChildSettid;

    private const int FutexWait = 0, FutexWake = 1, FutexRequeue = 3, FutexCmpRequeue = 4, FutexWakeOp = 5;
    private const int FutexWaitBitset = 9, FutexWakeBitset = 10;
    private const int FutexPrivateFlag = 128, FutexClockRealtime = 256;
    private const int ClockRealtime = 0, ClockMonotonic = 1;
    private const ulong ExitStatusMask = 0xFF;

    private bool _warnedNewProcess;

    /// <summary>Creates the area.</summary>
    public ThreadSyscalls(GuestProcess process) : base(process) { }

    private ThreadScheduler Threads => Process.Threads;

    /// <inheritdoc/>
    public override void Register(SyscallTable table)
    {
        table.Add(SyscallNumber.clone, "xpppp", args => Clone(args[0], args[1], args[2], args[3], args[4]));
        table.Add(SyscallNumber.clone3, "pu", Clone3);
        table.Add(SyscallNumber.exit, "d", Exit);
        table.Add(SyscallNumber.exit_group, "d", args => ExitProcess((int)(args[0] & ExitStatusMask)));
        table.Add(SyscallNumber.gettid, "", _ => Threads.Current.Tid);
        table.Add(SyscallNumber.set_tid_address, "p", args =>
        {
            Threads.Current.ClearChildTid = args[0];
            return Threads.Current.Tid;
        });
        table.Add(SyscallNumber.set_robust_list, "pu", _ => 0); // recorded nowhere: rvt never kills a thread that holds a lock
        table.Add(SyscallNumber.rseq, "pudx", _ => -Errno.ENOSYS);
        table.Add(SyscallNumber.futex, "pdupxx", Futex);
        table.Add(SyscallNumber.sched_yield, "", _ =>
        {
            Threads.Yield();
            return 0;
        });
    }

    // riscv64's argument order: flags, stack, parent_tid, tls, child_tid.
    private long Clone(ulong flags, ulong stack, ulong parentTid, ulong tls, ulong childTid)
    {
        if ((flags & CloneThread) == 0)
        {
            if (!_warnedNewProcess)
                Process.Warn("clone of a new process (fork, vfork, posix_spawn) is not supported; it returns ENOSYS");
            _warnedNewProcess = true;
            return -Errno.ENOSYS;
        }
        // Linux's rules: a thread shares the signal actions, which need the shared memory.
        if ((flags & CloneSighand) == 0 || (flags & CloneVm) == 0)
            return Invalid;
        if ((flags & (CloneFs | CloneFiles)) != (CloneFs | CloneFiles) || (flags & ~(CloneThreadFlags | CloneExitSignalMask)) != 0)
        {
            Process.Warn($"clone flags 0x{flags:x} ask for a thread with state of its own, which rvt does not support; it returns EINVAL");
            return Invalid;
        }
        if ((flags & CloneParentSettid) != 0 && !Memory.TryReadUInt32(parentTid, out _))
            return Fault;
        var thread = Threads.Create(stack == 0 ? null : stack, (flags & CloneSettls) != 0 ? tls : null);
        if ((flags & CloneParentSettid) != 0)
            Memory.TryWriteUInt32(parentTid, (uint)thread.Tid);
        if ((flags & CloneChildSettid) != 0)
            Memory.TryWriteUInt32(childTid, (uint)thread.Tid); // the child's fault, were it one, would go unnoticed on Linux too
        if ((flags & CloneChildCleartid) != 0)
            thread.ClearChildTid = childTid;
        return thread.Tid;
    }

    // clone3's struct clone_args: flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid,
    // set_tid_size, cgroup (88 bytes); the first version had the first eight (64 bytes). A larger struct from a newer
    // program is accepted when the fields rvt does not know are zero, as the kernel does.
    private long Clone3(SyscallArguments args)
    {
        const int FirstVersionSize = 64, KnownSize = 88, PageSize = 4096;
        const int Flags = 0, ChildTid = 16, ParentTid = 24, ExitSignal = 32, Stack = 40, StackSize = 48, Tls = 56, SetTidSize = 72;
        ulong size = args[1];
        if (size < FirstVersionSize)
            return Invalid;
        if (size > PageSize)
            return -Errno.E2BIG;
        byte[] fields = new byte[size];
        if (!Memory.TryRead(args[0], fields))
            return Fault;
        if (size > KnownSize && fields.AsSpan(KnownSize).IndexOfAnyExcept((byte)0) >= 0)
            return -Errno.E2BIG;
        ulong Field(int offset) => offset + 8 <= fields.Length ? BitConverter.ToUInt64(fields, offset) : 0;
        ulong flags = Field(Flags), stack = Field(Stack), stackSize = Field(StackSize);
        // Linux's checks: the exit signal fits in CSIGNAL and a thread has none; a stack comes with its size.
        if (Field(ExitSignal) > CloneExitSignalMask || ((flags & CloneThread) != 0 && Field(ExitSignal) != 0)
            || (stack == 0) != (stackSize == 0) || (flags & CloneExitSignalMask) != 0)
            return Invalid;
        if (Field(SetTidSize) != 0)
            return -Errno.EPERM; // choosing the new thread's id needs a privilege rvt does not model
        return Clone(flags, stack == 0 ? 0 : stack + stackSize, Field(ParentTid), Field(Tls), Field(ChildTid));
    }

    // Ends the calling thread; the last one's exit ends the process. The thread's clear-tid word is zeroed and
    // woken, which is how pthread_join learns of it.
    private long Exit(SyscallArguments args)
    {
        var thread = Threads.Current;
        if (!Threads.ExitCurrent())
            return ExitProcess((int)(args[0] & ExitStatusMask));
        if (thread.ClearChildTid != 0 && Memory.TryWriteUInt32(thread.ClearChildTid, 0))
            Threads.Wake(thread.ClearChildTid, 1);
        return SyscallTable.Blocks;
    }

    private long ExitProcess(int status)
    {
        Process.Exit = new ProcessExit(status, 0, null);
        return 0;
    }

    private long Futex(SyscallArguments args)
    {
        ulong address = args[0];
        int operation = args.Int(1);
        int command = operation & ~(FutexPrivateFlag | FutexClockRealtime);
        bool realtime = (operation & FutexClockRealtime) != 0;
        if (realtime && command is not (FutexWait or FutexWaitBitset))
            return -Errno.ENOSYS;
        if ((address & 3) != 0)
            return Invalid;
        switch (command)
        {
            case FutexWait:
                return Wait(address, (uint)args[2], args[3], realtime ? ClockRealtime : ClockMonotonic, absolute: false, uint.MaxValue);
            case FutexWaitBitset:
                return (uint)args[5] == 0 ? Invalid
                    : Wait(address, (uint)args[2], args[3], realtime ? ClockRealtime : ClockMonotonic, absolute: true, (uint)args[5]);
            case FutexWake:
                return Threads.Wake(address, args.Int(2));
            case FutexWakeBitset:
                return (uint)args[5] == 0 ? Invalid : Threads.Wake(address, args.Int(2), (uint)args[5]);
            case FutexRequeue or FutexCmpRequeue:
            {
                if (args.Int(2) < 0 || args.Int(3) < 0)
                    return Invalid;
                if (!Memory.TryReadUInt32(address, out uint word))
                    return Fault;
                if (command == FutexCmpRequeue && word != (uint)args[5])
                    return -Errno.EAGAIN;
                return (args[4] & 3) != 0 ? Invalid : Threads.Requeue(address, args[4], args.Int(2), args.Int(3));
            }
            case FutexWakeOp:
                return WakeOp(address, args.Int(2), args[4], args.Int(3), (uint)args[5]);
            default:
                Process.Warn($"futex operation {command} is not supported");
                return -Errno.ENOSYS;
        }
    }

    // Blocks while the word holds the expected value; a different value is EAGAIN at once, as the kernel checks it.
    private long Wait(ulong address, uint expected, ulong timeoutAddress, int clock, bool absolute, uint bitset)
    {
        if (!Memory.TryReadUInt32(address, out uint word))
            return Fault;
        if (word != expected)
            return -Errno.EAGAIN;
        long error = ReadTimeout(timeoutAddress, clock, absolute, out TimeSpan? timeout);
        if (error != 0)
            return error;
        Threads.BlockCurrent(address, bitset, timeout, -Errno.ETIMEDOUT);
        return SyscallTable.Blocks;
    }

    // FUTEX_WAKE_OP: changes the second word by the encoded operation, wakes waiters on the first, and also on the
    // second when its old value passes the encoded comparison.
    private long WakeOp(ulong address, int count, ulong secondAddress, int secondCount, uint encoded)
    {
        const uint OpargShift = 8;
        uint op = (encoded >> 28) & 7, comparison = (encoded >> 24) & 15;
        int operand = (int)(encoded << 8) >> 20, comparand = (int)(encoded << 20) >> 20; // 12-bit fields, sign-extended
        if (((encoded >> 28) & OpargShift) != 0)
            operand = 1 << (operand & 31);
        if (op > 4 || comparison > 5)
            return -Errno.ENOSYS;
        if ((secondAddress & 3) != 0)
            return Invalid;
        if (!Memory.TryReadUInt32(secondAddress, out uint old))
            return Fault;
        int value = (int)old;
        uint updated = (uint)(op switch
        {
            0 => operand,          // FUTEX_OP_SET
            1 => value + operand,  // FUTEX_OP_ADD
            2 => value | operand,  // FUTEX_OP_OR
            3 => value & ~operand, // FUTEX_OP_ANDN
            _ => value ^ operand,  // FUTEX_OP_XOR
        });
        if (!Memory.TryWriteUInt32(secondAddress, updated))
            return Fault;
        int woken = Threads.Wake(address, count);
        bool passes = comparison switch
        {
            0 => value == comparand,
            1 => value != comparand,
            2 => value < comparand,
            3 => value <= comparand,
            4 => value > comparand,
            _ => value >= comparand,
        };
        return passes ? woken + Threads.Wake(secondAddress, secondCount) : woken;
    }
}
