namespace Translator.SoftFloat.Tests.Oracle;

/// <summary>Instruction numbers understood by guest/oracles/fpu-oracle.c (keep in sync with its switch).</summary>
public enum OracleOp : uint
{
    FaddS = 0, FsubS, FmulS, FdivS, FsqrtS, FmaddS, FmsubS, FnmsubS, FnmaddS, FminS, FmaxS, FeqS, FltS, FleS,
    FclassS, FcvtWS, FcvtWuS, FcvtLS, FcvtLuS, FcvtSW, FcvtSWu, FcvtSL, FcvtSLu, FcvtSD, FsgnjS, FsgnjnS, FsgnjxS,

    /// <summary>fadd.s on whole 64-bit registers, to check NaN-boxing of operands and result.</summary>
    FaddSBoxed,

    FaddD = 32, FsubD, FmulD, FdivD, FsqrtD, FmaddD, FmsubD, FnmsubD, FnmaddD, FminD, FmaxD, FeqD, FltD, FleD,
    FclassD, FcvtWD, FcvtWuD, FcvtLD, FcvtLuD, FcvtDW, FcvtDWu, FcvtDL, FcvtDLu, FcvtDS, FsgnjD, FsgnjnD, FsgnjxD,
}

/// <summary>What kind of operands an op takes, which decides how test cases are generated.</summary>
public enum OperandShape
{
    /// <summary>One floating-point operand.</summary>
    Unary,

    /// <summary>One floating-point operand, to be converted to an integer.</summary>
    ToInteger,

    /// <summary>One integer operand.</summary>
    FromInteger,

    /// <summary>One operand of the other format.</summary>
    OtherFormat,

    /// <summary>Two floating-point operands.</summary>
    Binary,

    /// <summary>Three floating-point operands.</summary>
    Ternary,
}

public static class OracleOps
{
    public static bool IsDouble(this OracleOp op) => (uint)op >= 32;

    /// <summary>The assembler mnemonic, for failure messages: FcvtWuS -> fcvt.wu.s, FmaddD -> fmadd.d.</summary>
    public static string Mnemonic(this OracleOp op)
    {
        string name = op.ToString();
        if (op == OracleOp.FaddSBoxed)
            return "fadd.s (64-bit registers)";
        if (!name.StartsWith("Fcvt", StringComparison.Ordinal))
            return name[..^1].ToLowerInvariant() + (op.IsDouble() ? ".d" : ".s");
        var parts = System.Text.RegularExpressions.Regex.Matches(name[4..], "[A-Z][a-z]*")
            .Select(m => m.Value.ToLowerInvariant());
        return "fcvt." + string.Join('.', parts);
    }

    public static OperandShape Shape(this OracleOp op) => ((uint)op & 31) switch
    {
        4 or 14 => OperandShape.Unary,
        >= 5 and <= 8 => OperandShape.Ternary,
        >= 15 and <= 18 => OperandShape.ToInteger,
        >= 19 and <= 22 => OperandShape.FromInteger,
        23 => OperandShape.OtherFormat,
        _ => OperandShape.Binary,
    };

    /// <summary>Whether the instruction has a rounding-mode field (others ignore rm, so one mode is enough).</summary>
    public static bool UsesRoundingMode(this OracleOp op) => ((uint)op & 31) switch
    {
        >= 9 and <= 14 => false,
        >= 24 => false,
        20 or 19 when op.IsDouble() => false, // int32 -> double is exact
        23 when op.IsDouble() => false, // single -> double is exact
        _ => true,
    };
}
