using Translator.Hart;
using Translator.Machines;

namespace Translator.Tools.Difftest;

/// <summary>
/// Every piece of a hart's architectural state that two engines must agree on, flattened into a vector of named
/// 64-bit fields: x0..x31, f0..f31, pc, privilege, every CSR the model stores (read from <see cref="CsrFile"/>
/// directly, so no access rule hides one), the counters, the LR reservation and mtime.
/// A flat vector makes a check a loop over a few hundred bytes and a snapshot a single array copy.
/// </summary>
public static class ArchitecturalState
{
    private static readonly string[] IntegerNames =
    [
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
        "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
    ];

    private static readonly string[] FloatNames =
    [
        "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
        "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
    ];

    // The scalar CSR fields, in vector order after pc and privilege.
    private static readonly string[] CsrNames =
    [
        "mstatus", "misa", "medeleg", "mideleg", "mie", "mip", "mtvec", "mcounteren", "mcountinhibit", "menvcfg",
        "mscratch", "mepc", "mcause", "mtval", "stvec", "scounteren", "senvcfg", "sscratch", "sepc", "scause", "stval",
        "satp", "stimecmp", "fflags", "frm",
    ];

    private const int PmpEntries = CsrFile.Isa.PmpEntries;

    /// <summary>Index of the first floating-point register.</summary>
    public const int FirstFloat = 32;

    /// <summary>Index of pc.</summary>
    public const int Pc = 64;

    /// <summary>Index of the privilege level.</summary>
    public const int Privilege = 65;

    private const int FirstCsr = 66;
    private static readonly int FirstPmpConfig = FirstCsr + CsrNames.Length;
    private static readonly int FirstPmpAddress = FirstPmpConfig + PmpEntries;
    private static readonly int Cycles = FirstPmpAddress + PmpEntries;

    /// <summary>Index of the first counter field (mcycle, then minstret, the retired count, reservation and mtime).</summary>
    public static readonly int FirstCounter = Cycles;
    private static readonly int Retired = Cycles + 1;
    private static readonly int RetiredSinceReset = Cycles + 2;
    private static readonly int ReservationValid = Cycles + 3;
    private static readonly int ReservationAddress = Cycles + 4;
    private static readonly int Mtime = Cycles + 5;

    /// <summary>The number of fields in a state vector.</summary>
    public static readonly int Count = Mtime + 1;

    /// <summary>The name of each field, by index.</summary>
    public static IReadOnlyList<string> Names { get; } = BuildNames();

    /// <summary>A new, zeroed state vector.</summary>
    public static ulong[] NewVector() => new ulong[Count];

    /// <summary>Copies the state of <paramref name="machine"/>'s hart into <paramref name="into"/>.</summary>
    public static void Capture(ISlicedMachine machine, ulong[] into)
    {
        var hart = machine.Hart;
        var c = hart.Csrs;
        hart.X.CopyTo(into, 0);
        hart.F.CopyTo(into, FirstFloat);
        into[Pc] = hart.Pc;
        into[Privilege] = (ulong)hart.Privilege;
        int i = FirstCsr;
        into[i++] = c.Mstatus; into[i++] = c.Misa; into[i++] = c.Medeleg; into[i++] = c.Mideleg; into[i++] = c.Mie;
        into[i++] = c.Mip; into[i++] = c.Mtvec; into[i++] = c.Mcounteren; into[i++] = c.Mcountinhibit; into[i++] = c.Menvcfg;
        into[i++] = c.Mscratch; into[i++] = c.Mepc; into[i++] = c.Mcause; into[i++] = c.Mtval; into[i++] = c.Stvec;
        into[i++] = c.Scounteren; into[i++] = c.Senvcfg; into[i++] = c.Sscratch; into[i++] = c.Sepc; into[i++] = c.Scause;
        into[i++] = c.Stval; into[i++] = c.Satp; into[i++] = c.Stimecmp; into[i++] = c.Fflags; into[i] = c.Frm;
        for (int e = 0; e < PmpEntries; e++)
        {
            into[FirstPmpConfig + e] = c.PmpConfig[e];
            into[FirstPmpAddress + e] = c.PmpAddress[e];
        }
        into[Cycles] = hart.Cycles;
        into[Retired] = hart.InstructionsRetired;
        into[RetiredSinceReset] = hart.RetiredSinceReset;
        into[ReservationValid] = hart.ReservationValid ? 1UL : 0;
        into[ReservationAddress] = hart.ReservationAddress;
        into[Mtime] = machine.Time;
    }

    /// <summary>
    /// Puts a captured state back into <paramref name="machine"/>'s hart (mtime follows, since it derives from the
    /// retired count). Cached translations are dropped, as after a satp write.
    /// </summary>
    public static void Restore(ISlicedMachine machine, ulong[] from)
    {
        var hart = machine.Hart;
        var c = hart.Csrs;
        Array.Copy(from, 0, hart.X, 0, 32);
        Array.Copy(from, FirstFloat, hart.F, 0, 32);
        hart.Pc = from[Pc];
        hart.Privilege = (PrivilegeLevel)from[Privilege];
        int i = FirstCsr;
        c.Mstatus = from[i++]; c.Misa = from[i++]; c.Medeleg = from[i++]; c.Mideleg = from[i++]; c.Mie = from[i++];
        c.Mip = from[i++]; c.Mtvec = from[i++]; c.Mcounteren = from[i++]; c.Mcountinhibit = from[i++]; c.Menvcfg = from[i++];
        c.Mscratch = from[i++]; c.Mepc = from[i++]; c.Mcause = from[i++]; c.Mtval = from[i++]; c.Stvec = from[i++];
        c.Scounteren = from[i++]; c.Senvcfg = from[i++]; c.Sscratch = from[i++]; c.Sepc = from[i++]; c.Scause = from[i++];
        c.Stval = from[i++]; c.Satp = from[i++]; c.Stimecmp = from[i++]; c.Fflags = (uint)from[i++]; c.Frm = (uint)from[i];
        for (int e = 0; e < PmpEntries; e++)
        {
            c.PmpConfig[e] = (byte)from[FirstPmpConfig + e];
            c.PmpAddress[e] = from[FirstPmpAddress + e];
        }
        c.TranslationGeneration++;
        hart.Cycles = from[Cycles];
        hart.InstructionsRetired = from[Retired];
        hart.RetiredSinceReset = from[RetiredSinceReset];
        hart.ReservationValid = from[ReservationValid] != 0;
        hart.ReservationAddress = from[ReservationAddress];
    }

    /// <summary>Whether two vectors agree in every field.</summary>
    public static bool Equal(ulong[] a, ulong[] b) => a.AsSpan().SequenceEqual(b);

    /// <summary>The indices of the fields in which two vectors differ.</summary>
    public static List<int> Differences(ulong[] a, ulong[] b)
    {
        var result = new List<int>();
        for (int i = 0; i < Count; i++)
            if (a[i] != b[i]) result.Add(i);
        return result;
    }

    /// <summary>The name of a register or field for reports, e.g. "x10/a0", "f3/ft3", "mstatus".</summary>
    public static string Name(int index) => Names[index];

    private static string[] BuildNames()
    {
        var names = new List<string>();
        for (int r = 0; r < 32; r++) names.Add($"x{r}/{IntegerNames[r]}");
        for (int r = 0; r < 32; r++) names.Add($"f{r}/{FloatNames[r]}");
        names.Add("pc");
        names.Add("privilege");
        names.AddRange(CsrNames);
        for (int e = 0; e < PmpEntries; e++) names.Add($"pmpcfg[{e}]");
        for (int e = 0; e < PmpEntries; e++) names.Add($"pmpaddr{e}");
        names.AddRange(["mcycle", "minstret", "retired-since-reset", "reservation-valid", "reservation-address", "mtime"]);
        return names.ToArray();
    }
}
