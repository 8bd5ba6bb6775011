using System.Diagnostics;
using Translator.Devices;
using Translator.Engines;
using Translator.Engines.Translation;
using Translator.Hart;
using Translator.Loading;
using Translator.Memory;
using Translator.Platform;

namespace Translator.Machines;

/// <summary>Settings of a system-mode machine.</summary>
public sealed record SystemMachineOptions
{
    /// <summary>RAM size in bytes.</summary>
    public ulong MemorySize { get; init; } = 128UL << 20;

    /// <summary>Stop after this many instructions; null runs until the guest exits.</summary>
    public ulong? MaxInstructions { get; init; }

    /// <summary>The execution engine.</summary>
    public EngineKind Engine { get; init; } = EngineKind.Translator;

    /// <summary>Block entries before the translator compiles a block; 0 compiles every block at once.</summary>
    public int JitThreshold { get; init; } = TranslatorEngine.DefaultJitThreshold;

    /// <summary>The translator compiles on a worker thread while the guest runs on (see <see cref="TranslatorEngine"/>).</summary>
    public bool CompileInBackground { get; init; }

    /// <summary>Where console output (UART, HTIF) goes.</summary>
    public Stream Console { get; init; } = Stream.Null;

    /// <summary>Where UART input comes from, or null for none.</summary>
    public IConsoleInput? ConsoleInput { get; init; }

    /// <summary>Flush console output at each newline (for a terminal).</summary>
    public bool FlushConsoleEachLine { get; init; }

    /// <summary>Let mtime follow the host clock instead of retired instructions.</summary>
    public bool HostTime { get; init; }

    /// <summary>The kernel command line placed in the device tree's /chosen.</summary>
    public string BootArgs { get; init; } = "";

    /// <summary>Function-name patterns whose executed instructions are counted exactly (see <see cref="FunctionCounter"/>).</summary>
    public IReadOnlyList<string> CountInFunctions { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Lets a tool wrap the engine the machine creates (difftest fault injection, tracing); null runs it as created.
    /// </summary>
    public Func<ExecutionEngine, ExecutionEngine>? EngineDecorator { get; init; }
}

/// <summary>
/// A QEMU-virt-compatible system: one hart in M-mode at reset, RAM at 0x80000000, CLINT, PLIC, a 16550 UART,
/// the SiFive test device, HTIF when the loaded ELF defines <c>tohost</c>/<c>fromhost</c>, and a generated
/// device tree near the top of RAM whose address is passed in a1.
/// </summary>
public sealed class SystemMachine : ISlicedMachine
{
    /// <summary>The riscv,isa string this model reports.</summary>
    public const string IsaString = "rv64imafdc_zicsr_zifencei_zba_zbb_zbc_zbs_sstc";

    // Devices are polled and timers checked at least this often (in instructions), which bounds input latency (a
    // few milliseconds in the interpreter). Not much less: each slice's last few hundred instructions run
    // interpreted, as a translated region needs an allowance that covers its longest run.
    private const ulong MaxSlice = 1 << 20;
    private const ulong DeviceTreeAlignment = 2UL << 20;
    // Counting per function needs the pc of every instruction, so the engine runs one at a time.
    private const ulong FunctionCounterSlice = 1;

    private readonly SystemMachineOptions _options;
    private readonly ExecutionEngine _engine;
    private readonly Clint _clint;
    private readonly Uart16550 _uart;
    private ulong _executed;

    /// <summary>Builds the machine and loads <paramref name="image"/> into RAM at its physical addresses.</summary>
    /// <exception cref="GuestImageException">A segment does not fit in RAM.</exception>
    public SystemMachine(SystemMachineOptions options, ElfImage image)
        : this(options, BootImage.FromElf(image))
    {
    }

    /// <summary>
    /// Builds the machine and places <paramref name="boot"/> in RAM: its images at their physical addresses and its
    /// initial RAM disk, if any, high in RAM below the device tree, which points at it.
    /// </summary>
    /// <exception cref="GuestImageException">An image or the RAM disk does not fit in RAM.</exception>
    public SystemMachine(SystemMachineOptions options, BootImage boot)
        : this(options, boot.Entry, boot.Segments, boot.Name, boot.InitialRamDisk)
    {
        var tohost = boot.StartedElf?.FindSymbol("tohost");
        var fromhost = boot.StartedElf?.FindSymbol("fromhost");
        if (tohost != null && fromhost != null)
            Bus.WatchRam(tohost.Address, 8, new Htif(tohost.Address, fromhost.Address, options.Console));
        if (options.CountInFunctions.Count > 0)
            FunctionCounter = new FunctionCounter(boot.SymbolSource
                ?? throw new GuestImageException($"{boot.Name}: --count-in needs symbols, and no image is an ELF"), options.CountInFunctions);
    }

    /// <summary>
    /// Builds the machine from an image held in memory (generated programs): <paramref name="segments"/> are
    /// placed at their physical addresses and the hart starts at <paramref name="entry"/>. There is no HTIF.
    /// </summary>
    /// <exception cref="GuestImageException">A segment does not fit in RAM.</exception>
    public SystemMachine(SystemMachineOptions options, ulong entry, IReadOnlyList<LoadSegment> segments)
        : this(options, entry, segments, "(memory image)", null)
    {
    }

    private SystemMachine(SystemMachineOptions options, ulong entry, IReadOnlyList<LoadSegment> segments, string imageName, byte[]? initialRamDisk)
    {
        _options = options;
        Hart = new HartState();
        Bus = new Bus(new Ram(VirtMap.RamBase, options.MemorySize));
        Clock = new MachineClock(Hart, () => Hart.RetiredSinceReset + Hart.PendingRetired(), options.HostTime);
        _clint = new Clint(Hart, Clock, Bus.Stop);
        Hart.Csrs.PlatformTime = () => Clock.Now;
        Hart.Csrs.TimerCompareWritten = Bus.Stop.RequestSliceEnd;
        Plic = new Plic(Hart);
        _uart = new Uart16550(options.Console, options.FlushConsoleEachLine, options.ConsoleInput,
            level => Plic.SetLevel((int)BoardDeviceTree.UartIrq, level));
        Bus.Attach(VirtMap.TestDevice, new SifiveTest(Bus.Stop));
        Bus.Attach(VirtMap.Clint, _clint);
        Bus.Attach(VirtMap.Plic, Plic);
        Bus.Attach(VirtMap.Uart0, _uart);
        Mmu = new Mmu(Hart, Bus);

        LoadSegments(segments, imageName);
        var ramDisk = initialRamDisk == null ? ((ulong, ulong)?)null : PlaceInitialRamDisk(initialRamDisk, segments, imageName);
        DeviceTreeBlob = BoardDeviceTree.Build(new BoardDescription(options.MemorySize, IsaString, MachineClock.Frequency, options.BootArgs, ramDisk));
        DeviceTreeAddress = PlaceDeviceTree(DeviceTreeBlob);
        Hart.Pc = entry;
        Hart.X[Registers.A0] = Hart.HartId;
        Hart.X[Registers.A1] = DeviceTreeAddress;
        var engine = CreateEngine(options.Engine);
        _engine = options.EngineDecorator?.Invoke(engine) ?? engine;
    }

    /// <summary>The hart's architectural state.</summary>
    public HartState Hart { get; }

    /// <summary>The engine running the hart.</summary>
    public ExecutionEngine Engine => _engine;

    /// <summary>The physical address space.</summary>
    public Bus Bus { get; }

    /// <summary>The hart's memory path.</summary>
    public Mmu Mmu { get; }

    /// <summary>The platform interrupt controller.</summary>
    public Plic Plic { get; }

    /// <summary>The platform's mtime.</summary>
    public MachineClock Clock { get; }

    /// <inheritdoc/>
    public ulong Time => Clock.Now;

    /// <inheritdoc/>
    public IReadOnlyList<(int First, int Count)> RamPagesInUse => [(0, (int)((Bus.Ram.Size + 4095) / 4096))];

    /// <summary>Whether the guest has asked to stop (test device, HTIF).</summary>
    public bool Ended => Bus.Stop.Requested;

    /// <inheritdoc/>
    public string DescribeStop() => Bus.Stop.Requested ? $"exit {Bus.Stop.ExitCode} ({Bus.Stop.Source})" : "running";

    /// <summary>Per-function instruction counts, when requested.</summary>
    public FunctionCounter? FunctionCounter { get; }

    /// <summary>The flattened device tree the guest is given.</summary>
    public byte[] DeviceTreeBlob { get; }

    /// <summary>Where the device tree blob was placed (also passed in a1).</summary>
    public ulong DeviceTreeAddress { get; }

    /// <summary>Runs until the guest exits or the instruction limit is reached.</summary>
    public RunResult Run()
    {
        var clock = Stopwatch.StartNew();
        ulong limit = _options.MaxInstructions ?? ulong.MaxValue;
        while (!Bus.Stop.Requested && _executed < limit)
            RunSlice(Math.Min(MaxSlice, limit - _executed));
        clock.Stop();
        _options.Console.Flush();
        return Bus.Stop.Requested
            ? new RunResult(RunEnd.GuestExit, Bus.Stop.ExitCode, Bus.Stop.Source, _executed, Hart.InstructionsRetired, clock.Elapsed)
            : new RunResult(RunEnd.InstructionLimit, 0, "", _executed, Hart.InstructionsRetired, clock.Elapsed);
    }

    /// <summary>
    /// Runs one slice of at most <paramref name="budget"/> instructions, exactly as <see cref="Run"/> does: devices
    /// are updated first and the slice ends early at the next timer deadline. Tools that drive machines in step
    /// (the lockstep difftest) call this instead of <see cref="Run"/>.
    /// </summary>
    /// <returns>Why the engine stopped; <see cref="LastSliceExecuted"/> says how far it got.</returns>
    public StopReason RunSlice(ulong budget)
    {
        _clint.UpdateTimerInterrupts();
        _uart.Poll();
        ulong slice = Math.Min(budget, Clock.InstructionsUntil(_clint.NextDeadline, MaxSlice));
        if (FunctionCounter != null)
            slice = Math.Min(slice, FunctionCounterSlice);
        ulong pc = Hart.Pc;
        var reason = _engine.Run((long)slice);
        if (Bus.Stop.TakeSliceEnd() && reason == StopReason.MachineStopRequested && !Bus.Stop.Requested)
            reason = StopReason.BudgetExhausted; // a timer deadline moved: the next slice ends at the new one
        LastSliceExecuted = (ulong)_engine.LastRunExecuted;
        _executed += LastSliceExecuted;
        FunctionCounter?.Record(pc, LastSliceExecuted);
        if (reason == StopReason.WaitingForInterrupt)
            Idle();
        return reason;
    }

    /// <summary>Instructions executed (retired or trapped) by the last <see cref="RunSlice"/>.</summary>
    public ulong LastSliceExecuted { get; private set; }

    // The hart waits in wfi: with deterministic time, skip to the next timer deadline; with host time, sleep
    // briefly. Either way devices get polled on the next turn of the run loop.
    private void Idle()
    {
        if (Clock.FollowsHostTime)
            Thread.Sleep(1);
        else if (_clint.NextDeadline != ulong.MaxValue)
            Clock.SkipTo(_clint.NextDeadline);
    }

    private void LoadSegments(IReadOnlyList<LoadSegment> segments, string imageName)
    {
        var ram = Bus.Ram;
        foreach (var segment in segments)
        {
            if (segment.MemorySize == 0) continue;
            ulong start = segment.PhysicalAddress;
            if (!ram.Contains(start, 1) || segment.MemorySize > ram.Size || !ram.Contains(start + segment.MemorySize - 1, 1))
                throw new GuestImageException(
                    $"{imageName}: segment at 0x{start:x} (0x{segment.MemorySize:x} bytes) is outside RAM 0x{ram.Base:x}-0x{ram.Base + ram.Size - 1:x}");
            segment.Contents.CopyTo(ram.Span[(int)(start - ram.Base)..]);
        }
    }

    // Below the device tree's 2 MiB at the top of RAM, page-aligned, and above every image: returns [start, end).
    private (ulong Start, ulong End) PlaceInitialRamDisk(byte[] disk, IReadOnlyList<LoadSegment> segments, string imageName)
    {
        var ram = Bus.Ram;
        ulong end = (ram.Base + ram.Size - MaxDeviceTreeSize) & ~(DeviceTreeAlignment - 1);
        ulong imagesEnd = segments.Where(s => s.MemorySize > 0).Select(s => s.PhysicalAddress + s.MemorySize).DefaultIfEmpty(ram.Base).Max();
        ulong start = end >= ram.Base + (ulong)disk.Length ? (end - (ulong)disk.Length) & ~0xFFFUL : 0;
        if (start < imagesEnd)
            throw new GuestImageException(
                $"{imageName}: the initrd ({disk.Length} bytes) does not fit in RAM between the images (end 0x{imagesEnd:x}) and the device tree; give more memory with -m");
        disk.CopyTo(ram.Span[(int)(start - ram.Base)..]);
        return (start, start + (ulong)disk.Length);
    }

    // The initrd stays below this much at the top of RAM, which the device tree (a few KiB) never outgrows.
    private const ulong MaxDeviceTreeSize = 64 << 10;

    // Like QEMU: at the top of RAM, aligned down to 2 MiB.
    private ulong PlaceDeviceTree(byte[] blob)
    {
        var ram = Bus.Ram;
        ulong end = ram.Base + ram.Size;
        ulong address = (end - (ulong)blob.Length) & ~(DeviceTreeAlignment - 1);
        if (address < ram.Base) address = (end - (ulong)blob.Length) & ~7UL;
        blob.CopyTo(ram.Span[(int)(address - ram.Base)..]);
        return address;
    }

    private ExecutionEngine CreateEngine(EngineKind kind) => kind switch
    {
        EngineKind.Translator => new TranslatorEngine(Hart, Mmu, () => Clock.Now, _options.JitThreshold,
            compileInBackground: _options.CompileInBackground),
        _ => new Interpreter(Hart, Mmu, () => Clock.Now),
    };
}
