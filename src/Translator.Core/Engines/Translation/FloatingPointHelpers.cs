using System.Runtime.CompilerServices;
using Translator.SoftFloat;

namespace Translator.Engines.Translation;

/// <summary>
/// The F and D operations that translated code calls, one static method per opcode, named exactly after it
/// (Emit.FloatingPoint.cs finds them by name). Operands and results are raw 64-bit register values: a
/// single is unboxed from and NaN-boxed into its register here, with the interpreter's rules
/// (<see cref="Interpreter"/>'s ExecuteFloatingPoint), on top of the same SoftFloat calls. A method's first
/// parameters are the source registers in order (rs1, rs2, rs3); then the rounding mode when the instruction has
/// an rm field (already resolved and checked by the caller); then the flags when the operation can raise any.
/// </summary>
/// <remarks>
/// Every method is NoInlining: RyuJIT would otherwise pull SoftFloat's call chains into every block that uses
/// them and multiply compile time.
/// </remarks>
internal static class FloatingPointHelpers
{
    private const MethodImplOptions Call = MethodImplOptions.NoInlining;

    private static uint S(ulong register) => F32.Unbox(register);

    private static ulong Box(uint value) => F32.NaNBox(value);

    private static ulong SignExtend32(uint value) => (ulong)(long)(int)value;

    // --- Single precision
    [MethodImpl(Call)] public static ulong FaddS(ulong a, ulong b, int rm, ref FloatFlags flags) => Box(F32.Add(S(a), S(b), (RoundingMode)rm, ref flags));
    [MethodImpl(Call)] public static ulong FsubS(ulong a, ulong b, int rm, ref FloatFlags flags) => Box(F32.Sub(S(a), S(b), (RoundingMode)rm, ref flags));
    [MethodImpl(Call)] public static ulong FmulS(ulong a, ulong b, int rm, ref FloatFlags flags) => Box(F32.Mul(S(a), S(b), (RoundingMode)rm, ref flags));
    [MethodImpl(Call)] public static ulong FdivS(ulong a, ulong b, int rm, ref FloatFlags flags) => Box(F32.Div(S(a), S(b), (RoundingMode)rm, ref flags));
    [MethodImpl(Call)] public static ulong FsqrtS(ulong a, int rm, ref FloatFlags flags) => Box(F32.Sqrt(S(a), (RoundingMode)rm, ref flags));
    [MethodImpl(Call)] public static ulong FmaddS(ulong a, ulong b, ulong c, int rm, ref FloatFlags flags) => Box(F32.MulAdd(S(a), S(b), S(c), (RoundingMode)rm, ref flags));
    [MethodImpl(Call)] public static ulong FmsubS(ulong a, ulong b, ulong c, int rm, ref FloatFlags flags) => Box(F32.MulSub(S(a), S(b), S(c), (RoundingMode)rm, ref flags));
    [MethodImpl(Call)] public static ulong FnmsubS(ulong a, ulong b, ulong c, int rm, ref FloatFlags flags) => Box(F32.NegMulSub(S(a), S(b), S(c), (RoundingMode)rm, ref flags));
    [MethodImpl(Call)] public static ulong FnmaddS(ulong a, ulong b, ulong c, int rm, ref FloatFlags flags) => Box(F32.NegMulAdd(S(a), S(b), S(c), (RoundingMode)rm, ref flags));
    [MethodImpl(Call)] public static ulong FminS(ulong a, ulong b, ref FloatFlags flags) => Box(F32.Min(S(a), S(b), ref flags));
    [MethodImpl(Call)] public static ulong FmaxS(ulong a, ulong b, ref FloatFlags flags) => Box(F32.Max(S(a), S(b), ref flags));
    [MethodImpl(Call)] public static ulong FsgnjS(ulong a, ulong b) => Box(F32.SignInject(S(a), S(b)));
    [MethodImpl(Call)] public static ulong FsgnjnS(ulong a, ulong b) => Box(F32.SignInjectNegated(S(a), S(b)));
    [MethodImpl(Call)] public static ulong FsgnjxS(ulong a, ulong b) => Box(F32.SignInjectXor(S(a), S(b)));
    [MethodImpl(Call)] public static ulong FeqS(ulong a, ulong b, ref FloatFlags flags) => F32.Eq(S(a), S(b), ref flags) ? 1UL : 0;
    [MethodImpl(Call)] public static ulong FltS(ulong a, ulong b, ref FloatFlags flags) => F32.Lt(S(a), S(b), ref flags) ? 1UL : 0;
    [MethodImpl(Call)] public static ulong FleS(ulong a, ulong b, ref FloatFlags flags) => F32.Le(S(a), S(b), ref flags) ? 1UL : 0;
    [MethodImpl(Call)] public static ulong FclassS(ulong a) => F32.Classify(S(a));
    [MethodImpl(Call)] public static ulong FcvtWS(ulong a, int rm, ref FloatFlags flags) => (ulong)(long)F32.ToInt32(S(a), (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FcvtWuS(ulong a, int rm, ref FloatFlags flags) => SignExtend32(F32.ToUInt32(S(a), (RoundingMode)rm, ref flags));
    [MethodImpl(Call)] public static ulong FcvtLS(ulong a, int rm, ref FloatFlags flags) => (ulong)F32.ToInt64(S(a), (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FcvtLuS(ulong a, int rm, ref FloatFlags flags) => F32.ToUInt64(S(a), (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FcvtSW(ulong x, int rm, ref FloatFlags flags) => Box(F32.FromInt32((int)x, (RoundingMode)rm, ref flags));
    [MethodImpl(Call)] public static ulong FcvtSWu(ulong x, int rm, ref FloatFlags flags) => Box(F32.FromUInt32((uint)x, (RoundingMode)rm, ref flags));
    [MethodImpl(Call)] public static ulong FcvtSL(ulong x, int rm, ref FloatFlags flags) => Box(F32.FromInt64((long)x, (RoundingMode)rm, ref flags));
    [MethodImpl(Call)] public static ulong FcvtSLu(ulong x, int rm, ref FloatFlags flags) => Box(F32.FromUInt64(x, (RoundingMode)rm, ref flags));
    [MethodImpl(Call)] public static ulong FcvtSD(ulong a, int rm, ref FloatFlags flags) => Box(F32.FromF64(a, (RoundingMode)rm, ref flags));

    // --- Double precision
    [MethodImpl(Call)] public static ulong FaddD(ulong a, ulong b, int rm, ref FloatFlags flags) => F64.Add(a, b, (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FsubD(ulong a, ulong b, int rm, ref FloatFlags flags) => F64.Sub(a, b, (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FmulD(ulong a, ulong b, int rm, ref FloatFlags flags) => F64.Mul(a, b, (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FdivD(ulong a, ulong b, int rm, ref FloatFlags flags) => F64.Div(a, b, (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FsqrtD(ulong a, int rm, ref FloatFlags flags) => F64.Sqrt(a, (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FmaddD(ulong a, ulong b, ulong c, int rm, ref FloatFlags flags) => F64.MulAdd(a, b, c, (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FmsubD(ulong a, ulong b, ulong c, int rm, ref FloatFlags flags) => F64.MulSub(a, b, c, (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FnmsubD(ulong a, ulong b, ulong c, int rm, ref FloatFlags flags) => F64.NegMulSub(a, b, c, (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FnmaddD(ulong a, ulong b, ulong c, int rm, ref FloatFlags flags) => F64.NegMulAdd(a, b, c, (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FminD(ulong a, ulong b, ref FloatFlags flags) => F64.Min(a, b, ref flags);
    [MethodImpl(Call)] public static ulong FmaxD(ulong a, ulong b, ref FloatFlags flags) => F64.Max(a, b, ref flags);
    [MethodImpl(Call)] public static ulong FeqD(ulong a, ulong b, ref FloatFlags flags) => F64.Eq(a, b, ref flags) ? 1UL : 0;
    [MethodImpl(Call)] public static ulong FltD(ulong a, ulong b, ref FloatFlags flags) => F64.Lt(a, b, ref flags) ? 1UL : 0;
    [MethodImpl(Call)] public static ulong FleD(ulong a, ulong b, ref FloatFlags flags) => F64.Le(a, b, ref flags) ? 1UL : 0;
    [MethodImpl(Call)] public static ulong FclassD(ulong a) => F64.Classify(a);
    [MethodImpl(Call)] public static ulong FcvtWD(ulong a, int rm, ref FloatFlags flags) => (ulong)(long)F64.ToInt32(a, (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FcvtWuD(ulong a, int rm, ref FloatFlags flags) => SignExtend32(F64.ToUInt32(a, (RoundingMode)rm, ref flags));
    [MethodImpl(Call)] public static ulong FcvtLD(ulong a, int rm, ref FloatFlags flags) => (ulong)F64.ToInt64(a, (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FcvtLuD(ulong a, int rm, ref FloatFlags flags) => F64.ToUInt64(a, (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FcvtDW(ulong x, int rm, ref FloatFlags flags) => F64.FromInt32((int)x, (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FcvtDWu(ulong x, int rm, ref FloatFlags flags) => F64.FromUInt32((uint)x, (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FcvtDL(ulong x, int rm, ref FloatFlags flags) => F64.FromInt64((long)x, (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FcvtDLu(ulong x, int rm, ref FloatFlags flags) => F64.FromUInt64(x, (RoundingMode)rm, ref flags);
    [MethodImpl(Call)] public static ulong FcvtDS(ulong a, int rm, ref FloatFlags flags) => F64.FromF32(S(a), ref flags);
}
