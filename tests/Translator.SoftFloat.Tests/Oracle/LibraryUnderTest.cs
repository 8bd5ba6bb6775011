using Translator.SoftFloat.Core;

namespace Translator.SoftFloat.Tests.Oracle;

/// <summary>
/// Runs an oracle op through the library, returning the destination register as the oracle reports it
/// (FP results as raw bits, integer results sign-extended to 64 bits as RISC-V writes them).
/// </summary>
public static class LibraryUnderTest
{
    /// <summary>Through the public API, including any host fast path.</summary>
    public static ulong Public(OracleOp op, ulong a, ulong b, ulong c, RoundingMode rm, ref FloatFlags flags)
    {
        uint sa = (uint)a, sb = (uint)b, sc = (uint)c;
        return op switch
        {
            OracleOp.FaddS => F32.Add(sa, sb, rm, ref flags),
            OracleOp.FsubS => F32.Sub(sa, sb, rm, ref flags),
            OracleOp.FmulS => F32.Mul(sa, sb, rm, ref flags),
            OracleOp.FdivS => F32.Div(sa, sb, rm, ref flags),
            OracleOp.FsqrtS => F32.Sqrt(sa, rm, ref flags),
            OracleOp.FmaddS => F32.MulAdd(sa, sb, sc, rm, ref flags),
            OracleOp.FmsubS => F32.MulSub(sa, sb, sc, rm, ref flags),
            OracleOp.FnmsubS => F32.NegMulSub(sa, sb, sc, rm, ref flags),
            OracleOp.FnmaddS => F32.NegMulAdd(sa, sb, sc, rm, ref flags),
            OracleOp.FminS => F32.Min(sa, sb, ref flags),
            OracleOp.FmaxS => F32.Max(sa, sb, ref flags),
            OracleOp.FeqS => F32.Eq(sa, sb, ref flags) ? 1UL : 0,
            OracleOp.FltS => F32.Lt(sa, sb, ref flags) ? 1UL : 0,
            OracleOp.FleS => F32.Le(sa, sb, ref flags) ? 1UL : 0,
            OracleOp.FclassS => F32.Classify(sa),
            OracleOp.FcvtWS => (ulong)(long)F32.ToInt32(sa, rm, ref flags),
            OracleOp.FcvtWuS => (ulong)(long)(int)F32.ToUInt32(sa, rm, ref flags),
            OracleOp.FcvtLS => (ulong)F32.ToInt64(sa, rm, ref flags),
            OracleOp.FcvtLuS => F32.ToUInt64(sa, rm, ref flags),
            OracleOp.FcvtSW => F32.FromInt32((int)a, rm, ref flags),
            OracleOp.FcvtSWu => F32.FromUInt32((uint)a, rm, ref flags),
            OracleOp.FcvtSL => F32.FromInt64((long)a, rm, ref flags),
            OracleOp.FcvtSLu => F32.FromUInt64(a, rm, ref flags),
            OracleOp.FcvtSD => F32.FromF64(a, rm, ref flags),
            OracleOp.FsgnjS => F32.SignInject(sa, sb),
            OracleOp.FsgnjnS => F32.SignInjectNegated(sa, sb),
            OracleOp.FsgnjxS => F32.SignInjectXor(sa, sb),
            OracleOp.FaddSBoxed => F32.NaNBox(F32.Add(F32.Unbox(a), F32.Unbox(b), rm, ref flags)),

            OracleOp.FaddD => F64.Add(a, b, rm, ref flags),
            OracleOp.FsubD => F64.Sub(a, b, rm, ref flags),
            OracleOp.FmulD => F64.Mul(a, b, rm, ref flags),
            OracleOp.FdivD => F64.Div(a, b, rm, ref flags),
            OracleOp.FsqrtD => F64.Sqrt(a, rm, ref flags),
            OracleOp.FmaddD => F64.MulAdd(a, b, c, rm, ref flags),
            OracleOp.FmsubD => F64.MulSub(a, b, c, rm, ref flags),
            OracleOp.FnmsubD => F64.NegMulSub(a, b, c, rm, ref flags),
            OracleOp.FnmaddD => F64.NegMulAdd(a, b, c, rm, ref flags),
            OracleOp.FminD => F64.Min(a, b, ref flags),
            OracleOp.FmaxD => F64.Max(a, b, ref flags),
            OracleOp.FeqD => F64.Eq(a, b, ref flags) ? 1UL : 0,
            OracleOp.FltD => F64.Lt(a, b, ref flags) ? 1UL : 0,
            OracleOp.FleD => F64.Le(a, b, ref flags) ? 1UL : 0,
            OracleOp.FclassD => F64.Classify(a),
            OracleOp.FcvtWD => (ulong)(long)F64.ToInt32(a, rm, ref flags),
            OracleOp.FcvtWuD => (ulong)(long)(int)F64.ToUInt32(a, rm, ref flags),
            OracleOp.FcvtLD => (ulong)F64.ToInt64(a, rm, ref flags),
            OracleOp.FcvtLuD => F64.ToUInt64(a, rm, ref flags),
            OracleOp.FcvtDW => F64.FromInt32((int)a, rm, ref flags),
            OracleOp.FcvtDWu => F64.FromUInt32((uint)a, rm, ref flags),
            OracleOp.FcvtDL => F64.FromInt64((long)a, rm, ref flags),
            OracleOp.FcvtDLu => F64.FromUInt64(a, rm, ref flags),
            OracleOp.FcvtDS => F64.FromF32(sa, ref flags),
            OracleOp.FsgnjD => F64.SignInject(a, b),
            OracleOp.FsgnjnD => F64.SignInjectNegated(a, b),
            OracleOp.FsgnjxD => F64.SignInjectXor(a, b),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        };
    }

    /// <summary>Through the software core only, bypassing host fast paths; null for ops that have none.</summary>
    public static ulong? SoftwareOnly(OracleOp op, ulong a, ulong b, ulong c, RoundingMode rm, ref FloatFlags flags)
    {
        if (op.IsDouble())
            return Software<Binary64>(op, a, b, c, rm, ref flags);
        return Software<Binary32>(op, a, (uint)b, (uint)c, rm, ref flags);
    }

    /// <remarks><paramref name="integer"/> is operand a whole: an integer or other-format source.</remarks>
    private static ulong? Software<TF>(OracleOp op, ulong integer, ulong b, ulong c, RoundingMode rm, ref FloatFlags flags)
        where TF : struct, IBinaryFormat
    {
        bool isDouble = op.IsDouble();
        ulong a = isDouble ? integer : (uint)integer;
        return ((uint)op & 31) switch
        {
            0 => Soft<TF>.Add(a, b, rm, ref flags),
            1 => Soft<TF>.Add(a, b ^ Soft<TF>.SignBit, rm, ref flags),
            2 => Soft<TF>.Mul(a, b, rm, ref flags),
            3 => Soft<TF>.Div(a, b, rm, ref flags),
            4 => Soft<TF>.Sqrt(a, rm, ref flags),
            5 => Soft<TF>.MulAdd(a, b, c, false, false, rm, ref flags),
            6 => Soft<TF>.MulAdd(a, b, c, false, true, rm, ref flags),
            7 => Soft<TF>.MulAdd(a, b, c, true, false, rm, ref flags),
            8 => Soft<TF>.MulAdd(a, b, c, true, true, rm, ref flags),
            15 => (ulong)(long)(int)Soft<TF>.ToInteger(a, rm, ref flags, true, 32),
            16 => (ulong)(long)(int)Soft<TF>.ToInteger(a, rm, ref flags, false, 32),
            17 => Soft<TF>.ToInteger(a, rm, ref flags, true, 64),
            18 => Soft<TF>.ToInteger(a, rm, ref flags, false, 64),
            19 => Soft<TF>.FromInteger((int)integer < 0, (ulong)Math.Abs((long)(int)integer), rm, ref flags),
            20 => Soft<TF>.FromInteger(false, (uint)integer, rm, ref flags),
            21 => Soft<TF>.FromInteger((long)integer < 0, (long)integer < 0 ? 0 - integer : integer, rm, ref flags),
            22 => Soft<TF>.FromInteger(false, integer, rm, ref flags),
            23 => isDouble
                ? Soft<TF>.ConvertFrom<Binary32>((uint)integer, rm, ref flags)
                : Soft<TF>.ConvertFrom<Binary64>(integer, rm, ref flags),
            _ => null,
        };
    }
}
