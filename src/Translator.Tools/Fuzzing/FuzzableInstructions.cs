using Translator.Isa;

namespace Translator.Tools.Fuzzing;

/// <summary>
/// The instruction forms the fuzzer generates, taken from the spec's table: every non-privileged form of
/// RV64IMAFDC, Zba, Zbb, Zbc, Zbs and Zifencei (compressed forms included), plus the CSR instructions, which are only
/// ever generated on fflags, frm and fcsr. Left out: ecall, ebreak, c.ebreak and the unimp forms, which trap.
/// </summary>
public static class FuzzableInstructions
{
    private static readonly HashSet<Opcode> Trapping = [Opcode.Ecall, Opcode.Ebreak, Opcode.CEbreak, Opcode.Unimp, Opcode.CUnimp];

    /// <summary>The CSR forms, which the generator builds itself (CSR number restricted to the FP CSRs).</summary>
    public static IReadOnlyList<Opcode> CsrForms { get; } =
        [Opcode.Csrrw, Opcode.Csrrs, Opcode.Csrrc, Opcode.Csrrwi, Opcode.Csrrsi, Opcode.Csrrci];

    /// <summary>Every form the fuzzer generates, in opcode order.</summary>
    public static IReadOnlyList<Opcode> All { get; } = Enum.GetValues<Opcode>().Where(IsFuzzable).ToArray();

    /// <summary>Whether the fuzzer generates <paramref name="form"/>.</summary>
    public static bool IsFuzzable(Opcode form)
    {
        if (form == Opcode.Invalid || Trapping.Contains(form))
            return false;
        ref readonly var info = ref InstructionTable.Get(form);
        if (info.Has(InstructionFlags.Csr))
            return CsrForms.Contains(form);
        return !info.Has(InstructionFlags.Privileged) && info.Extension != Extension.Privileged;
    }
}
