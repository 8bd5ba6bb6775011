using Translator.Hart;

namespace Translator.UserMode.Threads;

/// <summary>Where a guest thread stands with the scheduler.</summary>
public enum ThreadStatus
{
    /// <summary>Running, or ready to run when its turn comes.</summary>
    Runnable,

    /// <summary>
    /// Blocked in a syscall (a futex wait, a sleep, a read of an empty pipe) until woken, its deadline passes or a
    /// signal interrupts it.
    /// </summary>
    Waiting,

    /// <summary>Ended with exit(); it no longer runs.</summary>
    Exited,
}

/// <summary>
/// One guest thread: its id, its signal mask and pending signals, the registers it left the hart with when it was
/// switched out, and what it waits for while blocked. All threads share the process's memory, descriptors and
/// signal actions.
/// </summary>
public sealed class GuestThread
{
    internal GuestThread(int tid, SignalState signals)
    {
        Tid = tid;
        Signals = signals;
    }

    /// <summary>The thread id (the main thread's is the process id).</summary>
    public int Tid { get; }

    /// <summary>The thread's blocked mask, pending signals and alternate stack; the actions are the process's.</summary>
    public SignalState Signals { get; }

    /// <summary>The size of a thread's name (TASK_COMM_LEN), the terminating NUL included.</summary>
    public const int NameLength = 16;

    /// <summary>
    /// The thread's name (prctl PR_SET_NAME, pthread_setname_np), NUL-padded: the first thread's is its program's file
    /// name, and a new thread starts with its creator's, as on Linux.
    /// </summary>
    public byte[] Name { get; } = new byte[NameLength];

    /// <summary>The futex word cleared and woken when the thread exits (set_tid_address, CLONE_CHILD_CLEARTID); 0 for none.</summary>
    public ulong ClearChildTid { get; set; }

    /// <summary>Whether it runs, waits or has ended.</summary>
    public ThreadStatus Status { get; internal set; }

    // The registers while switched out: x, f, pc and the FP CSR state, which are all a thread owns of the hart.
    private readonly ulong[] _x = new ulong[32], _f = new ulong[32];
    private ulong _pc;
    private uint _fflags, _frm;

    // What a blocking syscall returns when the thread resumes (written to a0 then); null when it was not blocked or
    // its call runs again. A call that runs again and is then cut short also moves past its ecall.
    private long? _resumeResult;
    private bool _skipEcall;

    /// <summary>The futex word a waiting thread sleeps on, or 0 for a sleep or a wait for descriptors.</summary>
    internal ulong WaitAddress { get; set; }

    /// <summary>
    /// The host pollfds (8 bytes each) a thread waits to become ready, its syscall then running again from its ecall;
    /// null for other waits.
    /// </summary>
    internal byte[]? WaitPollfds { get; set; }

    /// <summary>The signals a thread waiting in sigtimedwait takes (its call then runs again to take one); 0 otherwise.</summary>
    public ulong WaitSignals { get; internal set; }

    /// <summary>The FUTEX_WAIT_BITSET mask it waits with (all ones for FUTEX_WAIT).</summary>
    internal uint WaitBitset { get; set; }

    /// <summary>The Stopwatch timestamp at which the wait times out, or null for none.</summary>
    internal long? WaitDeadline { get; set; }

    /// <summary>The wait's result when its deadline passes (-ETIMEDOUT for a futex, 0 for a sleep).</summary>
    internal long TimeoutResult { get; set; }

    /// <summary>
    /// Bytes a read or write that runs again (<see cref="WaitPollfds"/>) has moved already, so that it goes on from
    /// there: a blocking call moves all its bytes before it returns, as on Linux, even when it waits part way.
    /// </summary>
    public long Progress { get; set; }

    /// <summary>Returns <see cref="Progress"/> and clears it.</summary>
    public long TakeProgress()
    {
        long progress = Progress;
        Progress = 0;
        return progress;
    }

    /// <summary>The order in which waits began, so futex wakes go first-come, first-served.</summary>
    internal long WaitSequence { get; set; }

    /// <summary>Takes the hart's registers as this thread's (it is being switched out).</summary>
    internal void SaveFrom(HartState hart)
    {
        hart.X.CopyTo(_x, 0);
        hart.F.CopyTo(_f, 0);
        _pc = hart.Pc;
        _fflags = hart.Csrs.Fflags;
        _frm = hart.Csrs.Frm;
    }

    /// <summary>Puts this thread's registers on the hart (it is being switched in), with a blocked call's result in a0.</summary>
    internal void RestoreTo(HartState hart)
    {
        _x.CopyTo(hart.X, 0);
        _f.CopyTo(hart.F, 0);
        hart.Pc = _pc;
        hart.Csrs.Fflags = _fflags;
        hart.Csrs.Frm = _frm;
        if (_resumeResult is long result)
            hart.X[Registers.A0] = (ulong)result;
        if (_skipEcall)
            hart.Pc += UserMachine.EcallLength;
        _resumeResult = null;
        _skipEcall = false;
        // Another thread ran since this one's LR: as the kernel's switch does, its reservation is gone.
        hart.ReservationValid = false;
    }

    /// <summary>
    /// Ends a wait: the thread becomes runnable, and its blocked syscall returns <paramref name="result"/>, or with
    /// null (a wait for descriptors that became ready) runs again.
    /// </summary>
    internal void Resume(long? result)
    {
        // A call cut short after moving some bytes returns how many, as Linux does.
        if (result is < 0 && Progress > 0)
            result = Progress;
        if (result != null)
            Progress = 0;
        Status = ThreadStatus.Runnable;
        _resumeResult = result;
        _skipEcall = result != null && WaitPollfds != null;
        WaitAddress = 0;
        WaitPollfds = null;
        WaitSignals = 0;
        WaitDeadline = null;
    }

    /// <summary>Sets up a new thread's registers: the creator's, with the given stack, thread pointer and pc, and a0 = 0.</summary>
    internal void StartAs(HartState creator, ulong pc, ulong? stack, ulong? threadPointer)
    {
        SaveFrom(creator);
        _pc = pc;
        _x[Registers.A0] = 0;
        if (stack is ulong sp)
            _x[Registers.Sp] = sp;
        if (threadPointer is ulong tp)
            _x[Registers.Tp] = tp;
    }
}
