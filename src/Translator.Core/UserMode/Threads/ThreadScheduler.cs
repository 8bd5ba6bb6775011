using System.Diagnostics;
using Translator.Hart;
using Translator.UserMode.Abi;
using Translator.UserMode.Files;

namespace Translator.UserMode.Threads;

/// <summary>
/// The process's threads, run one at a time on its one hart, as a kernel runs them on one CPU: the current thread
/// runs until it blocks (a futex wait, a sleep), exits, yields or has run <see cref="Quantum"/> instructions, and then
/// the next thread that can run, in creation order, gets the hart. Switching saves the registers of one thread and
/// restores another's; memory, descriptors and translated code are the process's and stay. Time slices are counted in
/// instructions, so a run with the deterministic clock switches at the same places every time.
/// </summary>
public sealed class ThreadScheduler
{
    /// <summary>The instructions a thread runs before another runnable thread gets its turn.</summary>
    public const ulong Quantum = 1 << 18;

    private readonly HartState _hart;
    private readonly GuestProcess _process;
    private readonly List<GuestThread> _threads = new();
    private int _nextTid;
    private long _waits;
    private bool _yieldRequested;

    /// <summary>Creates the scheduler with the process's first thread, whose id is the process id.</summary>
    public ThreadScheduler(HartState hart, GuestProcess process, int pid)
    {
        _hart = hart;
        _process = process;
        Current = new GuestThread(pid, new SignalState());
        _threads.Add(Current);
        _nextTid = pid + 1;
    }

    /// <summary>The thread whose registers are on the hart.</summary>
    public GuestThread Current { get; private set; }

    /// <summary>The threads that have not exited, in creation order.</summary>
    public IReadOnlyList<GuestThread> Threads => _threads;

    /// <summary>Instructions the current thread has run since it got the hart (the machine adds each slice).</summary>
    public ulong QuantumUsed { get; set; }

    /// <summary>
    /// Instructions left of the current thread's turn while other threads wait for the hart; unlimited while none is
    /// runnable (the machine's own slices then bound how late a waiter's deadline is noticed).
    /// </summary>
    public ulong QuantumLeft => _threads.Exists(t => t != Current && t.Status == ThreadStatus.Runnable) ? Quantum - Math.Min(QuantumUsed, Quantum) : ulong.MaxValue;

    /// <summary>Whether threads besides the current one have not exited (a blocking call must then let them run).</summary>
    public bool OthersLive
    {
        get
        {
            foreach (var thread in _threads)
                if (thread != Current && thread.Status != ThreadStatus.Exited)
                    return true;
            return false;
        }
    }

    /// <summary>The thread with id <paramref name="tid"/>, or null when it does not exist or has exited.</summary>
    public GuestThread? Find(int tid)
    {
        foreach (var thread in _threads)
            if (thread.Tid == tid && thread.Status != ThreadStatus.Exited)
                return thread;
        return null;
    }

    /// <summary>
    /// Creates a thread for the current thread's clone syscall: it starts after the ecall with the creator's registers
    /// except a0 = 0 and the given stack and thread pointer, and runs when its turn comes.
    /// </summary>
    public GuestThread Create(ulong? stack, ulong? threadPointer)
    {
        var thread = new GuestThread(_nextTid++, Current.Signals.ForNewThread());
        thread.StartAs(_hart, _hart.Pc + UserMachine.EcallLength, stack, threadPointer);
        Current.Name.CopyTo(thread.Name, 0);
        _threads.Add(thread);
        return thread;
    }

    /// <summary>
    /// Blocks the current thread in its syscall until <see cref="Wake"/> (for a futex word at
    /// <paramref name="futexAddress"/>, 0 for a sleep), the timeout (the call then returns
    /// <paramref name="timeoutResult"/>) or a signal with a handler (EINTR). The machine switches away afterwards.
    /// </summary>
    public void BlockCurrent(ulong futexAddress, uint bitset, TimeSpan? timeout, long timeoutResult)
    {
        var thread = Current;
        thread.Status = ThreadStatus.Waiting;
        thread.WaitAddress = futexAddress;
        thread.WaitPollfds = null;
        thread.WaitSignals = 0;
        thread.WaitBitset = bitset;
        thread.WaitDeadline = timeout is TimeSpan limit ? Stopwatch.GetTimestamp() + (long)Math.Min(limit.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 4) : null;
        thread.TimeoutResult = timeoutResult;
        thread.WaitSequence = _waits++;
    }

    /// <summary>
    /// Blocks the current thread, whose syscall left the pc at its ecall, until one of the host descriptors in
    /// <paramref name="pollfds"/> (struct pollfd, 8 bytes each) is ready: the call then runs again. A timeout ends it
    /// with <paramref name="timeoutResult"/>, a signal with a handler with EINTR.
    /// </summary>
    public void BlockCurrentUntilReady(byte[] pollfds, TimeSpan? timeout, long timeoutResult)
    {
        BlockCurrent(0, 0, timeout, timeoutResult);
        Current.WaitPollfds = pollfds;
    }

    /// <summary>
    /// Blocks the current thread in sigtimedwait, its pc at the ecall, until one of <paramref name="signals"/> is
    /// pending for it (the call then runs again and takes it), the timeout passes (EAGAIN) or another signal's handler
    /// must run (EINTR).
    /// </summary>
    public void BlockCurrentForSignals(ulong signals, TimeSpan? timeout)
    {
        BlockCurrentUntilReady(Array.Empty<byte>(), timeout, -Errno.EAGAIN);
        Current.WaitSignals = signals;
    }

    /// <summary>Wakes up to <paramref name="count"/> threads waiting on the futex word at <paramref name="address"/> whose bitset meets <paramref name="bitset"/>, longest waiting first; returns how many.</summary>
    public int Wake(ulong address, int count, uint bitset = uint.MaxValue)
    {
        int woken = 0;
        while (woken < count && FirstWaiter(address, bitset) is { } waiter)
        {
            waiter.Resume(0);
            woken++;
        }
        return woken;
    }

    /// <summary>
    /// Wakes up to <paramref name="wakeCount"/> waiters on <paramref name="from"/> and moves up to
    /// <paramref name="requeueCount"/> of the rest to wait on <paramref name="to"/>; returns how many were woken or moved.
    /// </summary>
    public int Requeue(ulong from, ulong to, int wakeCount, int requeueCount)
    {
        int woken = Wake(from, wakeCount), moved = 0;
        while (moved < requeueCount && from != to && FirstWaiter(from, uint.MaxValue) is { } waiter)
        {
            waiter.WaitAddress = to;
            waiter.WaitSequence = _waits++;
            moved++;
        }
        return woken + moved;
    }

    private GuestThread? FirstWaiter(ulong address, uint bitset)
    {
        GuestThread? first = null;
        foreach (var thread in _threads)
            if (thread.Status == ThreadStatus.Waiting && thread.WaitAddress == address && address != 0
                && (thread.WaitBitset & bitset) != 0 && (first == null || thread.WaitSequence < first.WaitSequence))
                first = thread;
        return first;
    }

    /// <summary>Ends the current thread; the machine switches away afterwards. False when it was the last one (the process then ends).</summary>
    public bool ExitCurrent()
    {
        Current.Status = ThreadStatus.Exited;
        return _threads.Exists(t => t.Status != ThreadStatus.Exited);
    }

    /// <summary>Gives the rest of the current thread's turn to the next runnable thread (sched_yield).</summary>
    public void Yield() => _yieldRequested = _threads.Count > 1;

    /// <summary>Whether the current thread must leave the hart: it waits or exited, or its turn is over while others exist.</summary>
    public bool SwitchDue => Current.Status != ThreadStatus.Runnable || (_threads.Count > 1 && (_yieldRequested || QuantumUsed >= Quantum));

    /// <summary>
    /// Hands the hart to the next thread that can run, if <see cref="SwitchDue"/>; when every thread waits, sleeps
    /// until the first deadline or signal. A wait nothing can end (every thread blocked with no deadline, no timer and
    /// no signals from outside) is a deadlock: the process is killed, where Linux would leave it hanging. True when a
    /// thread was put (back) on the hart, whose signals must then be delivered before it runs.
    /// </summary>
    public bool SwitchIfDue()
    {
        if (!SwitchDue)
            return false;
        var from = Current;
        if (from.Status != ThreadStatus.Exited)
            from.SaveFrom(_hart);
        var next = WaitForRunnable(from);
        _threads.RemoveAll(t => t.Status == ThreadStatus.Exited && t != next);
        QuantumUsed = 0;
        _yieldRequested = false;
        if (next == null)
            return false;
        Current = next;
        next.RestoreTo(_hart);
        return true;
    }

    // The next runnable thread after `from` in creation order (from itself last), sleeping while none is.
    private GuestThread? WaitForRunnable(GuestThread from)
    {
        while (true)
        {
            WakeDueWaiters();
            int start = _threads.IndexOf(from);
            for (int i = 1; i <= _threads.Count; i++)
            {
                var candidate = _threads[(start + i) % _threads.Count];
                if (candidate.Status == ThreadStatus.Runnable)
                    return candidate;
            }
            if (_process.Exit != null)
                return null;
            TimeSpan? wait = _process.Timers.UntilNextDeadline();
            foreach (var thread in _threads)
                if (thread.Status == ThreadStatus.Waiting && thread.WaitDeadline is long deadline)
                {
                    var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                    wait = wait == null || left < wait ? left : wait;
                }
            if (_process.ForwardsSignals && (wait == null || wait > GuestProcess.OutsideSignalLatency))
                wait = GuestProcess.OutsideSignalLatency;
            byte[] pollfds = WaitedDescriptors();
            if (wait == null && pollfds.Length == 0)
            {
                _process.Kill(Signal.SIGKILL, "deadlock: every thread is blocked, and no thread, timer or descriptor is left to wake one");
                return null;
            }
            HostPoll.Wait(pollfds, wait);
            _process.RaiseSignalsFromOutside();
            _process.RaiseExpiredTimers();
        }
    }

    // Waits end when their descriptors are ready, at their deadline, or with EINTR when a signal whose handler must
    // run is pending for the thread.
    private void WakeDueWaiters()
    {
        long now = Stopwatch.GetTimestamp();
        foreach (var thread in _threads)
        {
            if (thread.Status != ThreadStatus.Waiting)
                continue;
            if ((thread.Signals.Pending & thread.WaitSignals) != 0)
                thread.Resume(null);
            else if ((thread.Signals.Pending & ~thread.Signals.Blocked) != 0)
                thread.Resume(-Errno.EINTR);
            else if (thread.WaitPollfds is { } pollfds && HostPoll.Wait(pollfds, TimeSpan.Zero) > 0)
                thread.Resume(null);
            else if (thread.WaitDeadline <= now)
                thread.Resume(thread.TimeoutResult);
        }
    }

    // Every waiting thread's host pollfds, in one array.
    private byte[] WaitedDescriptors()
    {
        var all = new List<byte>();
        foreach (var thread in _threads)
            if (thread.Status == ThreadStatus.Waiting && thread.WaitPollfds is { } pollfds)
                all.AddRange(pollfds);
        return all.ToArray();
    }
}
