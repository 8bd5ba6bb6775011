using System.Diagnostics;
using Translator.Devices;
using Translator.Engines;
using Translator.Hart;
using Translator.Loading;
using Translator.Memory;

namespace Translator.Machines;

/// <summary>Settings of a system-mode machine.</summary>
public sealed record SystemMachineOptions
{
    /// <summary>RAM size in bytes.</summary>
    public ulong MemorySize { get; init; } = 128UL << 20;

    /// <summary>Stop after this many instructions; null runs until the guest exits.</summary>
    public ulong? MaxInstructions { get; init; }

    /// <summary>The execution engine.</summary>
    public EngineKind Engine { get; init; } = EngineKind.Interpreter;

    /// <summary>Where console output (UART, HTIF) goes.</summary>
    public Stream Console { get; init; } = Stream.Null;

    /// <summary>Flush console output at each newline (for a terminal).</summary>
    public bool FlushConsoleEachLine { get; init; }
}

/// <summary>
/// A QEMU-virt-like system: one hart in M-mode at reset, RAM at 0x80000000, a 16550 UART, the SiFive
/// test device, and HTIF when the loaded ELF defines <c>tohost</c>/<c>fromhost</c>.
/// </summary>
public sealed class SystemMachine
{
    private const ulong RunSlice = 1 << 22;
    private readonly SystemMachineOptions _options;
    private readonly ExecutionEngine _engine;

    /// <summary>Builds the machine and loads <paramref name="image"/> into RAM at its physical addresses.</summary>
    /// <exception cref="GuestImageException">A segment does not fit in RAM.</exception>
    public SystemMachine(SystemMachineOptions options, ElfImage image)
    {
        _options = options;
        Hart = new HartState();
        Bus = new Bus(new Ram(VirtMap.RamBase, options.MemorySize));
        Bus.Attach(VirtMap.TestDevice, new SifiveTest(Bus.Stop));
        Bus.Attach(VirtMap.Uart0, new Uart16550(options.Console, options.FlushConsoleEachLine));
        Mmu = new Mmu(Hart, Bus);

        LoadSegments(image);
        var tohost = image.FindSymbol("tohost");
        var fromhost = image.FindSymbol("fromhost");
        if (tohost != null && fromhost != null)
            Bus.WatchRam(tohost.Address, 8, new Htif(tohost.Address, fromhost.Address, options.Console));

        Hart.Pc = image.Entry;
        Hart.X[Registers.A0] = Hart.HartId;
        _engine = CreateEngine(options.Engine);
    }

    /// <summary>The hart's architectural state.</summary>
    public HartState Hart { get; }

    /// <summary>The physical address space.</summary>
    public Bus Bus { get; }

    /// <summary>The hart's memory path.</summary>
    public Mmu Mmu { get; }

    /// <summary>Runs until the guest exits or the instruction limit is reached.</summary>
    public RunResult Run()
    {
        var clock = Stopwatch.StartNew();
        ulong executed = 0;
        ulong limit = _options.MaxInstructions ?? ulong.MaxValue;
        while (!Bus.Stop.Requested && executed < limit)
        {
            ulong slice = Math.Min(RunSlice, limit - executed);
            _engine.Run((long)slice);
            executed += (ulong)_engine.LastRunExecuted;
        }
        clock.Stop();
        _options.Console.Flush();
        return Bus.Stop.Requested
            ? new RunResult(RunEnd.GuestExit, Bus.Stop.ExitCode, Bus.Stop.Source, executed, Hart.InstructionsRetired, clock.Elapsed)
            : new RunResult(RunEnd.InstructionLimit, 0, "", executed, Hart.InstructionsRetired, clock.Elapsed);
    }

    private void LoadSegments(ElfImage image)
    {
        var ram = Bus.Ram;
        foreach (var segment in image.Segments)
        {
            if (segment.MemorySize == 0) continue;
            ulong start = segment.PhysicalAddress;
            if (!ram.Contains(start, 1) || segment.MemorySize > ram.Size || !ram.Contains(start + segment.MemorySize - 1, 1))
                throw new GuestImageException(
                    $"{image.Path}: segment at 0x{start:x} (0x{segment.MemorySize:x} bytes) is outside RAM 0x{ram.Base:x}-0x{ram.Base + ram.Size - 1:x}");
            segment.Contents.CopyTo(ram.Span[(int)(start - ram.Base)..]);
        }
    }

    private ExecutionEngine CreateEngine(EngineKind kind) => kind switch
    {
        _ => new Interpreter(Hart, Mmu, () => Hart.InstructionsRetired / 10),
    };
}
