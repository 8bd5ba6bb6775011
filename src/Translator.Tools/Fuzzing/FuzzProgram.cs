using ELFSharp.ELF.Segments;
using Translator.Hart;
using PrivilegeLevel = Translator.Hart.PrivilegeLevel;
using Translator.Isa;
using Translator.Loading;
using Translator.Machines;

namespace Translator.Tools.Fuzzing;

/// <summary>One instruction word of a fuzz program.</summary>
/// <param name="Pc">Its address.</param>
/// <param name="Raw">Its bits.</param>
/// <param name="IsScaffold">True for the generator's own code (address set-up, loop, exit), false for fuzzed instructions.</param>
/// <param name="DataAddress">For a fuzzed load, store or AMO, the address it accesses.</param>
public sealed record FuzzInstruction(ulong Pc, uint Raw, bool IsScaffold, ulong? DataAddress)
{
    /// <summary>The decoded instruction.</summary>
    public DecodedInstruction Decoded => Decoder.Decode(Raw);
}

/// <summary>
/// A generated program and the initial state it starts from: code at <see cref="FuzzLayout.CodeBase"/>, the loop
/// counter on the control page, random data in the data region, and random x, f and fcsr values.
/// </summary>
public sealed record FuzzProgram
{
    /// <summary>The run's seed.</summary>
    public required ulong Seed { get; init; }

    /// <summary>The program's index within the run.</summary>
    public required int Index { get; init; }

    /// <summary>Every instruction word, in address order.</summary>
    public required IReadOnlyList<FuzzInstruction> Instructions { get; init; }

    /// <summary>The code bytes, loaded at <see cref="FuzzLayout.CodeBase"/>.</summary>
    public required byte[] Code { get; init; }

    /// <summary>The initial data region.</summary>
    public required byte[] Data { get; init; }

    /// <summary>How many times the body runs.</summary>
    public required int Iterations { get; init; }

    /// <summary>The trap handler's address (mtvec); reaching it ends the run with exit code <see cref="TrapExitCode"/>.</summary>
    public required ulong TrapHandler { get; init; }

    /// <summary>Initial x0..x31.</summary>
    public required ulong[] X { get; init; }

    /// <summary>Initial f0..f31.</summary>
    public required ulong[] F { get; init; }

    /// <summary>Initial frm (0-4).</summary>
    public required uint Frm { get; init; }

    /// <summary>Initial fflags.</summary>
    public required uint Fflags { get; init; }

    /// <summary>Initial mstatus.FS (1 Initial, 2 Clean or 3 Dirty).</summary>
    public required ulong FloatState { get; init; }

    /// <summary>
    /// The privilege the program runs at. Addressing is bare at every level; below M, PMP entry 0 grants everything,
    /// so S and U programs reach the same memory through the MMU's checked paths instead of M-mode's direct ones.
    /// </summary>
    public required PrivilegeLevel Privilege { get; init; }

    private const byte PmpNapotReadWriteExecute = 0x1F;

    /// <summary>The exit code of a program that trapped (the generator's programs never should).</summary>
    public const int TrapExitCode = 1;

    /// <summary>The segments to load: code, control page and data.</summary>
    public IReadOnlyList<LoadSegment> Segments()
    {
        var control = new byte[8];
        BitConverter.TryWriteBytes(control, (ulong)Iterations);
        return
        [
            new LoadSegment(FuzzLayout.CodeBase, FuzzLayout.CodeBase, (ulong)Code.Length, Code, SegmentFlags.Read | SegmentFlags.Execute),
            new LoadSegment(FuzzLayout.ControlBase, FuzzLayout.ControlBase, (ulong)control.Length, control, SegmentFlags.Read | SegmentFlags.Write),
            new LoadSegment(FuzzLayout.DataBase, FuzzLayout.DataBase, (ulong)Data.Length, Data, SegmentFlags.Read | SegmentFlags.Write),
        ];
    }

    /// <summary>Sets the hart of a freshly built machine to the program's initial state.</summary>
    public void ApplyInitialState(SystemMachine machine)
    {
        var hart = machine.Hart;
        X.CopyTo(hart.X, 0);
        F.CopyTo(hart.F, 0);
        hart.Csrs.Frm = Frm;
        hart.Csrs.Fflags = Fflags;
        hart.Csrs.Mstatus = (hart.Csrs.Mstatus & ~MstatusBits.Fs) | (FloatState << MstatusBits.FsShift);
        hart.Csrs.Mtvec = TrapHandler;
        hart.Csrs.PmpAddress[0] = (1UL << 54) - 1;
        hart.Csrs.PmpConfig[0] = PmpNapotReadWriteExecute;
        hart.Csrs.TranslationGeneration++;
        hart.Privilege = Privilege;
        hart.Pc = FuzzLayout.CodeBase;
    }

    /// <summary>The program as text: one line per instruction, fuzzed ones unmarked, scaffolding marked.</summary>
    public string Listing()
    {
        var text = new System.Text.StringBuilder();
        foreach (var i in Instructions)
        {
            var d = i.Decoded;
            string bits = d.Length == 2 ? $"{i.Raw:x4}    " : $"{i.Raw:x8}";
            text.AppendLine($"  0x{i.Pc:x}  {bits}  {(i.IsScaffold ? "; " : "  ")}{Disassembler.Format(d, i.Pc)}");
        }
        return text.ToString();
    }
}
