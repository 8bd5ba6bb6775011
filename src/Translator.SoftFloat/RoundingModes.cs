namespace Translator.SoftFloat;

/// <summary>Decoding of the RISC-V <c>rm</c> instruction field and the <c>frm</c> CSR.</summary>
public static class RoundingModes
{
    /// <summary>The <c>rm</c> field value that selects the mode in <c>frm</c>.</summary>
    public const uint Dynamic = 7;

    /// <summary>
    /// The rounding mode an instruction uses, or false when it is reserved (rm 5 or 6, or dynamic with frm above 4),
    /// which makes the instruction illegal.
    /// </summary>
    public static bool TryResolve(uint rmField, uint frm, out RoundingMode mode)
    {
        uint effective = rmField == Dynamic ? frm : rmField;
        mode = (RoundingMode)effective;
        return effective <= (uint)RoundingMode.NearestMaxMagnitude;
    }
}
