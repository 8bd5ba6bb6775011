using Translator.Hart;
using Translator.UserMode.Abi;
using Translator.UserMode.Files;
using Translator.UserMode.Memory;
using Translator.UserMode.Threads;

namespace Translator.UserMode;

/// <summary>
/// The kernel's view of the one guest process: its memory, descriptors, directories, break, threads and signal
/// state. The syscall areas share it.
/// </summary>
public sealed class GuestProcess
{
    /// <summary>Creates the process state.</summary>
    public GuestProcess(HartState hart, AddressSpace memory, RootedPaths paths, string workingDirectory, string executablePath, TextWriter diagnostics)
    {
        Memory = memory;
        Paths = paths;
        WorkingDirectory = workingDirectory;
        ExecutablePath = executablePath;
        Diagnostics = diagnostics;
        Pid = HostCalls.getpid();
        Threads = new ThreadScheduler(hart, this, Pid);
    }

    /// <summary>The process's threads and the one running now.</summary>
    public ThreadScheduler Threads { get; }

    /// <summary>The guest's virtual memory.</summary>
    public AddressSpace Memory { get; }

    /// <summary>Open descriptors.</summary>
    public FileTable Files { get; } = new();

    /// <summary>The root that confines every path.</summary>
    public RootedPaths Paths { get; }

    /// <summary>The current directory, a real host path inside the root.</summary>
    public string WorkingDirectory { get; set; }

    /// <summary>The program's absolute host path (what /proc/self/exe names).</summary>
    public string ExecutablePath { get; }

    /// <summary>Where warnings and strace lines go.</summary>
    public TextWriter Diagnostics { get; }

    /// <summary>The process id reported to the guest (the host's).</summary>
    public int Pid { get; }

    /// <summary>The start of the heap (the page after the program's last segment).</summary>
    public ulong BreakStart { get; set; }

    /// <summary>The current program break.</summary>
    public ulong Break { get; set; }

    /// <summary>The running thread's signal state: the process's actions, the thread's mask and pending signals.</summary>
    public SignalState Signals => Threads.Current.Signals;

    /// <summary>The interval timers (setitimer).</summary>
    public IntervalTimers Timers { get; } = new();

    private long _fromOutside; // signals sent from outside (another thread), bit (signal-1), until the machine raises them

    /// <summary>
    /// Records a signal sent to the process from outside it (the host forwarding its SIGINT, say); safe from any
    /// thread. The machine raises it between slices and in blocking waits. Returns false when the same signal is
    /// still waiting from an earlier send (the caller may then let the host act on it instead).
    /// </summary>
    public bool SendFromOutside(int signal)
    {
        long bit = (long)SignalState.Bit(signal);
        return (Interlocked.Or(ref _fromOutside, bit) & bit) == 0;
    }

    /// <summary>Whether signals sent from outside wait to be raised (blocking waits then wake to take them).</summary>
    public bool ForwardsSignals { get; set; }

    /// <summary>Raises the signals sent from outside since the last call.</summary>
    public void RaiseSignalsFromOutside()
    {
        ulong sent = (ulong)Interlocked.Exchange(ref _fromOutside, 0);
        for (int signal = 1; sent != 0; signal++, sent >>= 1)
            if ((sent & 1) != 0)
                Raise(signal, "sent from outside", new SignalInfo(SignalInfo.SiUser));
    }

    /// <summary>Raises the signal of every interval timer that has expired.</summary>
    public void RaiseExpiredTimers()
    {
        for (int signal; (signal = Timers.TakeExpired()) != 0;)
            Raise(signal, "an interval timer expired", new SignalInfo(SignalInfo.SiKernel));
    }

    /// <summary>How long a blocking wait goes without looking for signals sent from outside.</summary>
    public static readonly TimeSpan OutsideSignalLatency = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Waits, as a blocking syscall does, for at most <paramref name="limit"/> (null: no limit) or until a signal
    /// that runs a handler is deliverable; interval timers that expire meanwhile raise their signals. Returns
    /// <see cref="WaitResult.Interrupted"/> for a signal (the call then fails with EINTR),
    /// <see cref="WaitResult.Elapsed"/> when the limit passed, and <see cref="WaitResult.Forever"/> when nothing
    /// could ever end an unlimited wait (no timer armed, and no other thread to send a signal). A signal that ends the
    /// process ends the wait too (<see cref="Exit"/> is then set). So does a pending signal of
    /// <paramref name="alsoPending"/> (blocked ones that sigtimedwait takes), reported as Interrupted.
    /// </summary>
    public WaitResult WaitForSignal(TimeSpan? limit, ulong alsoPending = 0)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            if (SignalDue() || (Signals.Pending & alsoPending) != 0)
                return WaitResult.Interrupted;
            TimeSpan? left = limit - System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
                return WaitResult.Elapsed;
            var wait = Timers.UntilNextDeadline() is { } deadline && (left == null || deadline < left) ? deadline : left;
            if (ForwardsSignals && (wait == null || wait > OutsideSignalLatency))
                wait = OutsideSignalLatency; // look for signals from outside now and then
            if (wait == null)
                return WaitResult.Forever;
            Thread.Sleep(wait.Value);
        }
    }

    /// <summary>
    /// For a blocking syscall: raises the signals of expired timers and acts on pending ones that run no handler
    /// (ignored ones do not end a wait); true when a handler is due or a signal ended the process, so the call must
    /// end (with EINTR).
    /// </summary>
    public bool SignalDue()
    {
        RaiseSignalsFromOutside();
        RaiseExpiredTimers();
        DeliverPending();
        return Exit != null || (Signals.Pending & ~Signals.Blocked) != 0;
    }

    /// <summary>
    /// Ends a wait made with a temporary signal mask (sigsuspend, ppoll, pselect6): when a signal interrupted it, the
    /// caller's mask <paramref name="callersMask"/> comes back only when the handler returns (its frame records it);
    /// otherwise at once.
    /// </summary>
    public void EndMaskedWait(ulong callersMask, bool interrupted)
    {
        if (interrupted)
            Signals.MaskAfterHandler = callersMask;
        else
        {
            Signals.Blocked = callersMask;
            DeliverPending();
        }
    }

    /// <summary>Builds and takes down handlers' frames (for rt_sigreturn); set by the machine.</summary>
    public SignalFrames? Frames { get; set; }

    /// <summary>Set when the process has ended (exit, or a fatal signal).</summary>
    public ProcessExit? Exit { get; set; }

    /// <summary>Prints a one-line warning.</summary>
    public void Warn(string message) => Diagnostics.WriteLine("rvt: warning: " + message);

    /// <summary>
    /// Raises a signal in the process: ignored (SIG_IGN, or ignored by default), left pending while blocked or
    /// until the machine runs its handler (<see cref="TakeDeliverable"/>), or fatal. <paramref name="info"/> says
    /// who sent it; by default the process itself, with kill(). As on Linux, it goes to the running thread unless that
    /// thread blocks it: then to one that does not, else to one waiting for it in sigtimedwait.
    /// </summary>
    public void Raise(int signal, string detail, SignalInfo? info = null)
    {
        ulong bit = SignalState.Bit(signal);
        var target = Threads.Current;
        if ((target.Signals.Blocked & bit) != 0)
            target = Threads.Threads.FirstOrDefault(t => t.Status != ThreadStatus.Exited && (t.Signals.Blocked & bit) == 0)
                ?? Threads.Threads.FirstOrDefault(t => t.Status == ThreadStatus.Waiting && (t.WaitSignals & bit) != 0)
                ?? target;
        RaiseIn(target, signal, detail, info);
    }

    /// <summary>Raises a signal for one thread (tgkill): as <see cref="Raise"/>, but only that thread may take it.</summary>
    public void RaiseIn(GuestThread thread, int signal, string detail, SignalInfo? info = null)
    {
        var signals = thread.Signals;
        bool uncatchable = signal is Signal.SIGKILL or Signal.SIGSTOP;
        if (!uncatchable && ((signals.Blocked & SignalState.Bit(signal)) != 0 || signals.HasHandler(signal)))
        {
            signals.MakePending(signal, info ?? new SignalInfo(SignalInfo.SiUser, Pid, HostCalls.getuid()));
            return;
        }
        ulong handler = signals.Handler(signal);
        if (!uncatchable && (handler == SignalState.IgnoreHandler || (handler == SignalState.DefaultHandler && Signal.IgnoredByDefault(signal))))
            return;
        Kill(signal, detail);
    }

    /// <summary>
    /// Raises a signal for a fault of the program's own (SIGSEGV, SIGILL…): its handler runs if it has one and does not
    /// block it; otherwise it ends the process, as the kernel's forced signals do. The report of a memory fault
    /// names the address (<paramref name="memoryFault"/>); for others si_addr is the pc, which it names anyway.
    /// </summary>
    public void RaiseFault(int signal, string detail, SignalInfo info, bool memoryFault = true)
    {
        if (Signals.HasHandler(signal) && (Signals.Blocked & SignalState.Bit(signal)) == 0)
            Signals.MakePending(signal, info);
        else
            Kill(signal, detail, memoryFault ? info.Address : null);
    }

    /// <summary>After the mask or an action changed: acts on the pending signals no longer blocked that run no handler.</summary>
    public void DeliverPending()
    {
        ulong deliverable = Signals.Pending & ~Signals.Blocked;
        for (int signal = 1; deliverable != 0 && signal <= Signal.Max; signal++)
        {
            ulong bit = SignalState.Bit(signal);
            if ((deliverable & bit) == 0 || Signals.HasHandler(signal))
                continue;
            Signals.Pending &= ~bit;
            deliverable &= ~bit;
            Raise(signal, "sent by the program to itself");
        }
    }

    /// <summary>
    /// The next pending signal whose handler should run now (not blocked), taken off the pending set; 0 for none.
    /// Faults come first, then the lowest number, as Linux dequeues them.
    /// </summary>
    public int TakeDeliverable()
    {
        DeliverPending();
        ulong ready = Signals.Pending & ~Signals.Blocked;
        if (ready == 0 || Exit != null)
            return 0;
        ulong synchronous = ready & (SignalState.Bit(Signal.SIGSEGV) | SignalState.Bit(Signal.SIGBUS) | SignalState.Bit(Signal.SIGILL)
            | SignalState.Bit(Signal.SIGTRAP) | SignalState.Bit(Signal.SIGFPE) | SignalState.Bit(Signal.SIGSYS));
        int signal = System.Numerics.BitOperations.TrailingZeroCount(synchronous != 0 ? synchronous : ready) + 1;
        Signals.Pending &= ~SignalState.Bit(signal);
        return signal;
    }

    /// <summary>Ends the process with a fatal signal; <paramref name="detail"/> says what raised it.</summary>
    public void Kill(int signal, string detail, ulong? faultAddress = null)
    {
        Exit ??= new ProcessExit(Signal.ExitStatusBase + signal, signal, detail, faultAddress);
    }
}

/// <summary>How <see cref="GuestProcess.WaitForSignal"/> ended.</summary>
public enum WaitResult
{
    /// <summary>The time limit passed.</summary>
    Elapsed,

    /// <summary>A signal is ready to run its handler, or ended the process.</summary>
    Interrupted,

    /// <summary>Nothing could end the wait: no limit, no timer, no other thread.</summary>
    Forever,
}
