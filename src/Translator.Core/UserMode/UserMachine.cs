using System.Diagnostics;
using Translator.Engines;
using Translator.Engines.Translation;
using Translator.Hart;
using Translator.Loading;
using Translator.Machines;
using Translator.Memory;
using Translator.Platform;
using Translator.Privileged;
using Translator.UserMode.Abi;
using Translator.UserMode.Files;
using Translator.UserMode.Loading;
using Translator.UserMode.Memory;
using Translator.UserMode.Syscalls;
using Translator.UserMode.Threads;

namespace Translator.UserMode;

/// <summary>
/// Runs a static riscv64 Linux program in U-mode on the same hart, engines and MMU as system mode. The host plays
/// the kernel: it builds Sv39 page tables in guest RAM, opens PMP to everything, and catches every exception
/// through <see cref="HartState.ExceptionInterceptor"/>. An ecall becomes a syscall; a fault becomes the signal
/// Linux would send. Before the program goes on, the handlers of deliverable signals run (<see cref="SignalFrames"/>).
/// </summary>
public sealed class UserMachine : ISlicedMachine
{
    // The longest slice; the run loop raises signals and expired timers between slices (a signal from outside ends
    // a slice at once). Long, as each slice's last few hundred instructions run interpreted (a region needs an
    // allowance for its longest run).
    private const ulong MaxSlice = 1 << 20;
    // While an interval timer is armed its signal must come on time, which host time measures: shorter slices.
    private const ulong TimerSlice = 1 << 16;
    /// <summary>The length of the ecall instruction a syscall returns past.</summary>
    internal const int EcallLength = 4;
    private const int SyscallNumberRegister = 17, FirstArgumentRegister = 10, ArgumentCount = 6;
    private const byte PmpNapotReadWriteExecute = 0x1F;
    private const ulong PmpAddressAll = (1UL << 54) - 1;
    private const ulong CountersForUser = 0x7; // cycle, time, instret
    private const ulong ClockTicksPerSecond = 100;
    // AT_HWCAP: one bit per single-letter extension, bit (letter - 'A').
    private const ulong HardwareCapabilities = (1UL << ('I' - 'A')) | (1UL << ('M' - 'A')) | (1UL << ('A' - 'A'))
        | (1UL << ('F' - 'A')) | (1UL << ('D' - 'A')) | (1UL << ('C' - 'A'));

    private readonly UserMachineOptions _options;
    private readonly PhysicalPageAllocator _frames;
    private readonly CsrAccess.TimeSource _time;
    private readonly ExecutionEngine _engine;
    private readonly ExceptionTrap _trap;
    private readonly SignalFrames _signalFrames;
    private readonly SyscallTable _syscalls = new();
    private readonly HashSet<long> _warnedSyscalls = new();

    /// <summary>Builds the machine: loads the program, maps its stack and sets up the hart to enter it in U-mode.</summary>
    /// <exception cref="GuestImageException">The program is dynamically linked or cannot be placed.</exception>
    /// <exception cref="DirectoryNotFoundException">The root directory does not exist.</exception>
    public UserMachine(UserMachineOptions options, ElfImage image)
    {
        _options = options;
        Hart = new HartState();
        Bus = new Bus(new Ram(UserLayout.RamBase, options.MemorySize));
        Mmu = new Mmu(Hart, Bus);
        _frames = new PhysicalPageAllocator(Bus.Ram, UserLayout.LinearSize(Bus.Ram.Size));
        Memory = new AddressSpace(_frames, Mmu) { OneViewPerSharedFilePage = options.OneViewPerSharedFilePage };

        var paths = new RootedPaths(options.RootDirectory);
        string workingDirectory = paths.Root;
        if (paths.Resolve("/", Path.GetFullPath(options.WorkingDirectory ?? Directory.GetCurrentDirectory()), true, out string real) == 0
            && Directory.Exists(real))
            workingDirectory = real;
        Process = new GuestProcess(Hart, Memory, paths, workingDirectory, Path.GetFullPath(image.Path), options.Diagnostics);

        var program = ProgramLoader.Load(image, Memory);
        Process.BreakStart = Process.Break = program.BreakStart;
        if (!Memory.TryMap(UserLayout.StackTop - UserLayout.StackSize, UserLayout.StackSize, Protection.Read | Protection.Write))
            throw new GuestImageException($"{image.Path}: not enough guest memory for the stack");
        var arguments = options.Arguments.Count > 0 ? options.Arguments : new[] { image.Path };
        ulong sp = InitialStack.Build(Memory, arguments, options.EffectiveEnvironment(), arguments[0], AuxiliaryVector(program));

        _signalFrames = new SignalFrames(Hart, Memory, () => Process.Signals);
        if (!_signalFrames.MapTrampoline())
            throw new GuestImageException($"{image.Path}: the program overlaps the signal return page at 0x{UserLayout.SignalReturnPage:x}");
        Process.Frames = _signalFrames;

        EnterUserMode(program.Entry, sp);
        _trap = new ExceptionTrap(Bus.Stop);
        Hart.ExceptionInterceptor = _trap;
        foreach (var area in new SyscallArea[]
        {
            new ProcessSyscalls(Process), new ThreadSyscalls(Process), new MemorySyscalls(Process), new DescriptorSyscalls(Process), new PathSyscalls(Process),
            new TimeSyscalls(Process), new IdentitySyscalls(Process), new SystemSyscalls(Process), new SignalSyscalls(Process),
        })
            area.Register(_syscalls);
        _time = CreateTimeSource(options.HostTime);
        var engine = CreateEngine(options.Engine);
        Memory.CodeWriteObserver = engine as ICodeWriteObserver;
        _engine = options.EngineDecorator?.Invoke(engine) ?? engine;
    }

    /// <summary>The hart's architectural state.</summary>
    public HartState Hart { get; }

    /// <summary>The physical address space (RAM only).</summary>
    public Bus Bus { get; }

    /// <summary>The hart's memory path.</summary>
    public Mmu Mmu { get; }

    /// <summary>The guest's virtual memory.</summary>
    public AddressSpace Memory { get; }

    /// <summary>The kernel-side state of the guest process.</summary>
    public GuestProcess Process { get; }

    /// <summary>The engine running the hart.</summary>
    public ExecutionEngine Engine => _engine;

    /// <summary>The syscalls this machine implements.</summary>
    public SyscallTable Syscalls => _syscalls;

    /// <inheritdoc/>
    public ulong Time => _time();

    /// <inheritdoc/>
    public IReadOnlyList<(int First, int Count)> RamPagesInUse
    {
        get
        {
            var runs = new List<(int First, int Count)>();
            foreach (int page in Memory.LinearPagesInUse())
            {
                if (runs.Count > 0 && runs[^1].First + runs[^1].Count == page)
                    runs[^1] = (runs[^1].First, runs[^1].Count + 1);
                else
                    runs.Add((page, 1));
            }
            int poolStart = (int)(_frames.LinearSize / AddressSpace.PageSize);
            runs.Add((poolStart, (int)((_frames.HighWater - Bus.Ram.Base) / AddressSpace.PageSize) - poolStart));
            return runs;
        }
    }

    /// <summary>Whether the process has ended (exit, or a fatal signal).</summary>
    public bool Ended => Process.Exit != null;

    /// <inheritdoc/>
    public ulong LastSliceExecuted { get; private set; }

    /// <summary>Whether the engine stopped at an exception that <see cref="HandlePendingException"/> must handle.</summary>
    public bool ExceptionPending => _trap.Pending;

    /// <summary>
    /// Runs until the program exits, is killed by a signal, or reaches the instruction limit; then closes the
    /// program's descriptors. A machine runs once.
    /// </summary>
    public RunResult Run()
    {
        Begin();
        var clock = Stopwatch.StartNew();
        ulong limit = _options.MaxInstructions ?? ulong.MaxValue;
        ulong executed = 0;
        while (Process.Exit == null && executed < limit)
        {
            ulong slice = Math.Min(Process.Timers.Armed ? TimerSlice : MaxSlice, Process.Threads.QuantumLeft);
            RunSlice(Math.Min(slice, limit - executed));
            executed += LastSliceExecuted;
            HandlePendingException();
            if (Process.Exit == null)
            {
                Process.RaiseSignalsFromOutside();
                if (Process.Timers.Armed)
                    Process.RaiseExpiredTimers();
                DeliverSignals();
                SwitchThreadIfDue();
            }
        }
        clock.Stop();
        return End(executed, clock.Elapsed);
    }

    /// <summary>Gives the program its standard descriptors; a tool driving the machine by slices calls it first.</summary>
    public void Begin() => OpenStandardStreams();

    /// <summary>
    /// Runs the engine for at most <paramref name="budget"/> instructions. It stops early at an exception, which
    /// then waits (<see cref="ExceptionPending"/>) for <see cref="HandlePendingException"/>.
    /// </summary>
    public StopReason RunSlice(ulong budget)
    {
        var reason = _engine.Run((long)budget);
        LastSliceExecuted = (ulong)_engine.LastRunExecuted;
        Process.Threads.QuantumUsed += LastSliceExecuted;
        if (Bus.Stop.TakeSliceEnd() && reason == StopReason.MachineStopRequested && !_trap.Pending)
            reason = StopReason.BudgetExhausted; // SendSignalFromOutside ended the slice early
        return reason;
    }

    /// <summary>
    /// Sends the program a signal from outside (rvt forwarding a signal the host sent it), from any thread: the
    /// engine ends its slice and <see cref="Run"/> raises the signal, as if another process had sent it. False when
    /// the same signal sent earlier has not been raised yet.
    /// </summary>
    public bool SendSignalFromOutside(int signal)
    {
        Process.ForwardsSignals = true;
        bool fresh = Process.SendFromOutside(signal);
        Bus.Stop.RequestSliceEnd();
        return fresh;
    }

    /// <summary>Handles the waiting exception, if any, as the kernel would: a syscall, or a signal.</summary>
    public void HandlePendingException()
    {
        if (!_trap.Pending)
            return;
        var cause = _trap.Cause;
        ulong value = _trap.Value;
        _trap.Clear();
        HandleException(cause, value);
        if (Process.Timers.Armed)
            Process.RaiseExpiredTimers();
        DeliverSignals();
    }

    /// <summary>
    /// Whether the running thread must give the hart to another: it blocked or exited in a syscall, yielded, or has run
    /// its turn while other threads wait for theirs.
    /// </summary>
    public bool SwitchDue => Process.Threads.SwitchDue;

    /// <summary>
    /// Switches the hart to the next thread that can run when <see cref="SwitchDue"/> (see <see cref="ThreadScheduler"/>),
    /// and enters the handlers of the signals waiting for that thread.
    /// </summary>
    public void SwitchThreadIfDue()
    {
        if (Process.Threads.SwitchIfDue())
            DeliverSignals();
    }

    /// <summary>
    /// Enters the handler of each signal that is pending and not blocked, innermost last, as Linux does on the way back
    /// to user mode; not for a thread that has just blocked, whose wait the signal ends when it is switched back in.
    /// </summary>
    private void DeliverSignals()
    {
        if (Process.Threads.Current.Status != ThreadStatus.Runnable)
            return;
        for (int signal; (signal = Process.TakeDeliverable()) != 0;)
        {
            if (!_signalFrames.Deliver(signal, Process.Signals.Info(signal), out ulong frame))
            {
                Process.Kill(Signal.SIGSEGV, $"no room on the stack for the frame of the {Signal.Name(signal)} handler", frame);
                return;
            }
        }
    }

    /// <summary>
    /// Drops the waiting exception without handling it: for a machine whose exceptions another machine handles
    /// (the difftest's reference, which takes over the subject's syscall results).
    /// </summary>
    public void DiscardPendingException() => _trap.Clear();

    /// <inheritdoc/>
    public string DescribeStop()
    {
        if (Process.Exit is { } exit)
            return exit.Signal == 0 ? $"exit {exit.Status}" : $"killed by {Signal.Name(exit.Signal)}";
        return _trap.Pending ? $"exception {_trap.Cause} (tval 0x{_trap.Value:x})" : "running";
    }

    /// <summary>
    /// Ends a run driven by slices as <see cref="Run"/> ends its own: closes the program's descriptors, prints the
    /// fatal-signal report, and says how the run ended after <paramref name="executed"/> instructions.
    /// </summary>
    public RunResult End(ulong executed, TimeSpan elapsed)
    {
        Process.Files.CloseAll();
        Process.Memory.ReleaseSharedFiles();
        if (Process.Exit is { } exit)
        {
            if (exit.Signal != 0)
                _options.Diagnostics.WriteLine(FatalSignalReport(exit));
            return new RunResult(RunEnd.GuestExit, exit.Status, exit.Signal == 0 ? "exit" : Signal.Name(exit.Signal), executed, Hart.InstructionsRetired, elapsed);
        }
        return new RunResult(RunEnd.InstructionLimit, 0, "", executed, Hart.InstructionsRetired, elapsed);
    }

    /// <summary>The one line printed when a signal ends the program: the signal, what raised it, the pc and any address.</summary>
    private string FatalSignalReport(ProcessExit exit) =>
        $"rvt: terminated by {Signal.Name(exit.Signal)} ({exit.Detail}) at pc 0x{Hart.Pc:x}"
        + (exit.FaultAddress is ulong address ? $", address 0x{address:x}" : "");

    // The signal Linux sends for each exception a user program can raise.
    private void HandleException(ExceptionCause cause, ulong value)
    {
        switch (cause)
        {
            case ExceptionCause.EnvironmentCallFromUser:
                Syscall();
                return;
            case ExceptionCause.IllegalInstruction:
                Process.RaiseFault(Signal.SIGILL, $"illegal instruction 0x{value:x}", new SignalInfo(SignalInfo.IllIllopc, Address: Hart.Pc), memoryFault: false);
                return;
            case ExceptionCause.Breakpoint:
                Process.RaiseFault(Signal.SIGTRAP, "breakpoint", new SignalInfo(SignalInfo.TrapBrkpt, Address: Hart.Pc), memoryFault: false);
                return;
            case ExceptionCause.InstructionAddressMisaligned or ExceptionCause.LoadAddressMisaligned or ExceptionCause.StoreAddressMisaligned:
                Process.RaiseFault(Signal.SIGBUS, "misaligned atomic access", new SignalInfo(SignalInfo.BusAdraln, Address: value));
                return;
            default:
                Protection? needed = cause switch
                {
                    ExceptionCause.InstructionPageFault => Protection.Execute,
                    ExceptionCause.LoadPageFault => Protection.Read,
                    ExceptionCause.StorePageFault => Protection.Write,
                    _ => null,
                };
                bool outOfMemory = false;
                if (needed is Protection touch && Memory.TryTouch(value, touch, out outOfMemory))
                    return; // the page has its frame now; the instruction runs again
                if (outOfMemory)
                {
                    Process.Kill(Signal.SIGKILL, "out of memory: no RAM left for a page the program touched");
                    return;
                }
                string access = cause switch
                {
                    ExceptionCause.InstructionPageFault or ExceptionCause.InstructionAccessFault => "fetch",
                    ExceptionCause.LoadPageFault or ExceptionCause.LoadAccessFault => "load",
                    _ => "store",
                };
                if (Memory.IsPastEndOfFile(value))
                    Process.RaiseFault(Signal.SIGBUS, $"{access} past the end of a shared file", new SignalInfo(SignalInfo.BusAdrerr, Address: value));
                else
                    Process.RaiseFault(Signal.SIGSEGV, $"invalid {access}",
                        new SignalInfo(Memory.IsMapped(value) ? SignalInfo.SegvAccerr : SignalInfo.SegvMaperr, Address: value));
                return;
        }
    }

    private void Syscall()
    {
        long number = (long)Hart.X[SyscallNumberRegister];
        var args = new SyscallArguments(Hart.X.AsSpan(FirstArgumentRegister, ArgumentCount).ToArray());
        var definition = _syscalls.Find(number);
        long result;
        if (definition == null)
        {
            string name = SyscallTable.Name(number);
            if (_options.Strict)
            {
                Process.Kill(Signal.SIGSYS, $"unimplemented syscall {number} ({name}); stopped by --strict");
                return;
            }
            if (_warnedSyscalls.Add(number))
                Process.Warn($"unimplemented syscall {number} ({name}) returns ENOSYS");
            result = -Errno.ENOSYS;
            if (_options.Strace)
                _options.Diagnostics.WriteLine($"{StraceThread()}{name}(0x{args[0]:x}, 0x{args[1]:x}, 0x{args[2]:x}) = {SyscallTable.FormatResult(result)}");
        }
        else
        {
            string? call = _options.Strace ? SyscallTable.FormatCall(definition, args, ReadForTrace) : null;
            result = definition.Handler(args);
            if (call != null)
                _options.Diagnostics.WriteLine(StraceThread() + call + " = " + ((Process.Exit != null && Process.Exit.Signal == 0) || result is SyscallTable.RegistersRestored or SyscallTable.Blocks or SyscallTable.Restart
                    ? "?" : SyscallTable.FormatResult(result, definition.ReturnsAddress)));
        }
        if (Process.Exit != null || result is SyscallTable.RegistersRestored or SyscallTable.Restart)
            return;
        if (result == SyscallTable.Blocks)
        {
            Hart.Pc += EcallLength; // a0 gets the result when the thread is woken
            return;
        }
        Hart.X[Registers.A0] = (ulong)result;
        Hart.Pc += EcallLength;
    }

    // Once the process has several threads, each --strace line names the thread that made the call.
    private string StraceThread()
    {
        _straceNamesThreads |= Process.Threads.Threads.Count > 1;
        return _straceNamesThreads ? $"[{Process.Threads.Current.Tid}] " : "";
    }

    private bool _straceNamesThreads;

    private string? ReadForTrace(ulong address, int length)
    {
        if (length < 0)
            return Memory.TryReadString(address, out string text) ? text : null;
        byte[] bytes = new byte[length];
        return Memory.TryRead(address, bytes) ? System.Text.Encoding.Latin1.GetString(bytes) : null;
    }

    private IReadOnlyList<(AuxvTag, ulong)> AuxiliaryVector(LoadedProgram program) => new (AuxvTag, ulong)[]
    {
        (AuxvTag.AT_HWCAP, HardwareCapabilities),
        (AuxvTag.AT_PAGESZ, AddressSpace.PageSize),
        (AuxvTag.AT_CLKTCK, ClockTicksPerSecond),
        (AuxvTag.AT_PHDR, program.ProgramHeaderAddress),
        (AuxvTag.AT_PHENT, program.ProgramHeaderSize),
        (AuxvTag.AT_PHNUM, program.ProgramHeaderCount),
        (AuxvTag.AT_BASE, 0),
        (AuxvTag.AT_FLAGS, 0),
        (AuxvTag.AT_ENTRY, program.Entry),
        (AuxvTag.AT_UID, HostCalls.getuid()),
        (AuxvTag.AT_EUID, HostCalls.geteuid()),
        (AuxvTag.AT_GID, HostCalls.getgid()),
        (AuxvTag.AT_EGID, HostCalls.getegid()),
        (AuxvTag.AT_SECURE, 0),
    };

    // Guest descriptors 0-2 are private duplicates of rvt's own, so a guest close(2) leaves rvt's stderr working.
    private void OpenStandardStreams()
    {
        for (int fd = 0; fd <= 2; fd++)
        {
            int host = HostCalls.dup(fd);
            if (host >= 0)
                Process.Files.Replace(fd, new OpenFile(host, "", false));
        }
    }

    private void EnterUserMode(ulong entry, ulong sp)
    {
        var csrs = Hart.Csrs;
        csrs.PmpAddress[0] = PmpAddressAll;
        csrs.PmpConfig[0] = PmpNapotReadWriteExecute;
        csrs.Satp = Memory.Satp;
        csrs.TranslationGeneration++;
        csrs.Mstatus = (csrs.Mstatus & ~MstatusBits.Fs) | (1UL << MstatusBits.FsShift); // FP on, state Initial
        csrs.Mcounteren = CountersForUser;
        csrs.Scounteren = CountersForUser;
        Hart.Privilege = PrivilegeLevel.User;
        Hart.Pc = entry;
        Hart.X[Registers.Sp] = sp;
    }

    // The host's monotonic clock, or (deterministic) the clock system mode uses by default: retired instructions.
    private CsrAccess.TimeSource CreateTimeSource(bool hostTime)
    {
        if (hostTime)
            return () => (ulong)(Stopwatch.GetTimestamp() * (double)MachineClock.Frequency / Stopwatch.Frequency);
        var clock = new MachineClock(Hart, () => Hart.RetiredSinceReset + Hart.PendingRetired(), followHostTime: false);
        return () => clock.Now;
    }

    private ExecutionEngine CreateEngine(EngineKind kind) => kind switch
    {
        EngineKind.Translator => new TranslatorEngine(Hart, Mmu, _time, _options.JitThreshold,
            compileInBackground: _options.CompileInBackground),
        _ => new Interpreter(Hart, Mmu, _time),
    };
}
