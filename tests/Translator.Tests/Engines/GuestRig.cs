using Translator.Engines;
using Translator.Hart;
using Translator.Memory;
using Translator.Privileged;

namespace Translator.Tests.Engines;

/// <summary>
/// A hart, 1 MiB of RAM at 0x80000000, an MMU and an interpreter, running one assembled snippet.
/// The snippet is wrapped: a prologue points mtvec at a handler that copies mcause, mtval and mepc into
/// t5, t6 and t4 and halts, opens PMP entry 0 over all memory (unless told not to: machine mode then reaches RAM
/// without PMP checks, and translated code inline), and enables the FPU (FS = Initial);
/// <c>__halt</c> follows the snippet. Linker relaxation is off so that <c>.align</c> is exact.
/// So a snippet ends by falling through, and a test of a trap reads t4..t6.
/// </summary>
internal sealed class GuestRig
{
    public const ulong RamSize = 1 << 20;
    public const int Mepc = 29, Mcause = 30, Mtval = 31; // t4, t5, t6
    public const ulong NoTrap = ulong.MaxValue;

    // norelax keeps .align exact; PMP entry 0 covers everything so S and U may access memory.
    private const string PrologueStart = """
        .option norelax
        .option norvc
        _start:
            la t0, __trap
            csrw mtvec, t0

        """;

    private const string OpenPmp = """
            li t0, -1
            csrw pmpaddr0, t0
            li t0, 0x1f
            csrw pmpcfg0, t0

        """;

    private const string PrologueEnd = """
            li t0, 0x2000
            csrs mstatus, t0
            li t4, -1
            li t5, -1
            li t6, -1
            li t0, 0
        .option rvc
        """;

    // Stays in RVC mode: binutils pads .balign wrongly under norvc at a 2-mod-4 offset.
    private const string Epilogue = """

        .option rvc
        .globl __halt
        __halt:
            j __halt
        .balign 4
        __trap:
            csrr t4, mepc
            csrr t5, mcause
            csrr t6, mtval
            j __halt

        """;

    public GuestRig(string snippet, bool wrap = true, bool openPmp = true)
    {
        var image = SnippetAssembler.Assemble(wrap ? PrologueStart + (openPmp ? OpenPmp : "") + PrologueEnd + "\n" + snippet + Epilogue : snippet);
        Halt = image.HaltAddress;
        Ram = new Ram(SnippetAssembler.Base, RamSize);
        image.Bytes.CopyTo(Ram.Span);
        Bus = new Bus(Ram);
        Hart = new HartState { Pc = SnippetAssembler.Base };
        Mmu = new Mmu(Hart, Bus);
        Engine = new Interpreter(Hart, Mmu, () => 12345);
    }

    public Ram Ram { get; }
    public Bus Bus { get; }
    public HartState Hart { get; }
    public Mmu Mmu { get; }
    public Interpreter Engine { get; }
    public ulong Halt { get; }

    /// <summary>Runs until the hart sits at <c>__halt</c>; fails if it does not get there.</summary>
    public GuestRig Run(long maxInstructions = 100_000)
    {
        long total = 0;
        while (Hart.Pc != Halt)
        {
            if (total >= maxInstructions)
                throw new InvalidOperationException($"did not reach __halt within {maxInstructions} instructions; pc=0x{Hart.Pc:x}");
            Engine.Run(Math.Min(1000, maxInstructions - total));
            total += Engine.LastRunExecuted;
            if (Bus.Stop.Requested) break;
        }
        return this;
    }

    public static GuestRig Execute(string snippet) => new GuestRig(snippet).Run();

    public ulong X(int register) => Hart.X[register];

    /// <summary>The register named by its ABI name (a0, t1, s2...).</summary>
    public ulong this[string abiName] => Hart.X[Array.IndexOf(AbiNames, abiName) is var i and >= 0 ? i : throw new ArgumentException(abiName)];

    public ulong ReadCsr(ushort csr)
    {
        var saved = Hart.Privilege;
        Hart.Privilege = PrivilegeLevel.Machine;
        Assert(CsrAccess.TryRead(Hart, csr, () => 0, out ulong value), $"CSR 0x{csr:x} not readable");
        Hart.Privilege = saved;
        return value;
    }

    public ulong ReadMemory(ulong address, int width) => Ram.Read(address, width);

    private static void Assert(bool condition, string message)
    {
        if (!condition) throw new InvalidOperationException(message);
    }

    private static readonly string[] AbiNames =
    {
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
        "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
    };
}
