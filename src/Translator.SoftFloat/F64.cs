using Translator.SoftFloat.Core;

namespace Translator.SoftFloat;

/// <summary>
/// IEEE 754 binary64 arithmetic with RISC-V D-extension semantics, on raw bit patterns.
/// </summary>
/// <remarks>
/// Every operation is exactly rounded in the given mode and ORs its exception flags into <c>flags</c>.
/// Any NaN result is <see cref="CanonicalNaN"/>; NaN payloads never propagate.
/// </remarks>
public static partial class F64
{
    /// <summary>The canonical NaN RISC-V produces: positive, quiet, zero payload.</summary>
    public const ulong CanonicalNaN = 0x7FF8000000000000;

    /// <summary>Positive infinity.</summary>
    public const ulong PositiveInfinity = 0x7FF0000000000000;

    /// <summary>Negative infinity.</summary>
    public const ulong NegativeInfinity = 0xFFF0000000000000;

    /// <summary>The sign bit.</summary>
    public const ulong SignBit = 0x8000000000000000;

    /// <summary>fadd.d: a + b.</summary>
    public static ulong Add(ulong a, ulong b, RoundingMode rm, ref FloatFlags flags) =>
        rm == RoundingMode.NearestEven ? HostFastPath.Add(a, b, ref flags) : Soft<Binary64>.Add(a, b, rm, ref flags);

    /// <summary>fsub.d: a - b.</summary>
    public static ulong Sub(ulong a, ulong b, RoundingMode rm, ref FloatFlags flags) =>
        Add(a, b ^ SignBit, rm, ref flags);

    /// <summary>fmul.d: a * b.</summary>
    public static ulong Mul(ulong a, ulong b, RoundingMode rm, ref FloatFlags flags) =>
        rm == RoundingMode.NearestEven ? HostFastPath.Mul(a, b, ref flags) : Soft<Binary64>.Mul(a, b, rm, ref flags);

    /// <summary>fdiv.d: a / b.</summary>
    public static ulong Div(ulong a, ulong b, RoundingMode rm, ref FloatFlags flags) =>
        rm == RoundingMode.NearestEven ? HostFastPath.Div(a, b, ref flags) : Soft<Binary64>.Div(a, b, rm, ref flags);

    /// <summary>fsqrt.d: the square root of a; sqrt(-0) = -0.</summary>
    public static ulong Sqrt(ulong a, RoundingMode rm, ref FloatFlags flags) =>
        rm == RoundingMode.NearestEven ? HostFastPath.Sqrt(a, ref flags) : Soft<Binary64>.Sqrt(a, rm, ref flags);

    /// <summary>fmadd.d: a * b + c with one rounding.</summary>
    public static ulong MulAdd(ulong a, ulong b, ulong c, RoundingMode rm, ref FloatFlags flags) =>
        rm == RoundingMode.NearestEven
            ? HostFastPath.MulAdd(a, b, c, negateProduct: false, negateAddend: false, ref flags)
            : Soft<Binary64>.MulAdd(a, b, c, negateProduct: false, negateAddend: false, rm, ref flags);

    /// <summary>fmsub.d: a * b - c with one rounding.</summary>
    public static ulong MulSub(ulong a, ulong b, ulong c, RoundingMode rm, ref FloatFlags flags) =>
        rm == RoundingMode.NearestEven
            ? HostFastPath.MulAdd(a, b, c, negateProduct: false, negateAddend: true, ref flags)
            : Soft<Binary64>.MulAdd(a, b, c, negateProduct: false, negateAddend: true, rm, ref flags);

    /// <summary>fnmsub.d: -(a * b) + c with one rounding.</summary>
    public static ulong NegMulSub(ulong a, ulong b, ulong c, RoundingMode rm, ref FloatFlags flags) =>
        rm == RoundingMode.NearestEven
            ? HostFastPath.MulAdd(a, b, c, negateProduct: true, negateAddend: false, ref flags)
            : Soft<Binary64>.MulAdd(a, b, c, negateProduct: true, negateAddend: false, rm, ref flags);

    /// <summary>fnmadd.d: -(a * b) - c with one rounding.</summary>
    public static ulong NegMulAdd(ulong a, ulong b, ulong c, RoundingMode rm, ref FloatFlags flags) =>
        rm == RoundingMode.NearestEven
            ? HostFastPath.MulAdd(a, b, c, negateProduct: true, negateAddend: true, ref flags)
            : Soft<Binary64>.MulAdd(a, b, c, negateProduct: true, negateAddend: true, rm, ref flags);

    /// <summary>fmin.d: minimumNumber; -0 &lt; +0, a single NaN operand yields the other, Invalid for signaling NaNs.</summary>
    public static ulong Min(ulong a, ulong b, ref FloatFlags flags) => Soft<Binary64>.MinMax(a, b, wantMax: false, ref flags);

    /// <summary>fmax.d: maximumNumber; -0 &lt; +0, a single NaN operand yields the other, Invalid for signaling NaNs.</summary>
    public static ulong Max(ulong a, ulong b, ref FloatFlags flags) => Soft<Binary64>.MinMax(a, b, wantMax: true, ref flags);

    /// <summary>feq.d: quiet comparison, Invalid only for signaling NaNs.</summary>
    public static bool Eq(ulong a, ulong b, ref FloatFlags flags) => Soft<Binary64>.Eq(a, b, ref flags);

    /// <summary>flt.d: signaling comparison, Invalid for any NaN.</summary>
    public static bool Lt(ulong a, ulong b, ref FloatFlags flags) => Soft<Binary64>.Lt(a, b, ref flags);

    /// <summary>fle.d: signaling comparison, Invalid for any NaN.</summary>
    public static bool Le(ulong a, ulong b, ref FloatFlags flags) => Soft<Binary64>.Le(a, b, ref flags);

    /// <summary>fclass.d: a mask with exactly one <see cref="FloatClass"/> bit set.</summary>
    public static uint Classify(ulong a) => Soft<Binary64>.Classify(a);

    /// <summary>fsgnj.d: magnitude of a, sign of b.</summary>
    public static ulong SignInject(ulong a, ulong b) => Soft<Binary64>.InjectSign(a, b);

    /// <summary>fsgnjn.d: magnitude of a, opposite sign of b.</summary>
    public static ulong SignInjectNegated(ulong a, ulong b) => Soft<Binary64>.InjectSign(a, ~b);

    /// <summary>fsgnjx.d: a with its sign XORed with b's.</summary>
    public static ulong SignInjectXor(ulong a, ulong b) => Soft<Binary64>.InjectSign(a, a ^ b);

    /// <summary>fcvt.w.d: round to int with RISC-V saturation (NaN gives <see cref="int.MaxValue"/>).</summary>
    public static int ToInt32(ulong a, RoundingMode rm, ref FloatFlags flags) =>
        (a & ~SignBit) < HostFastPath.DoubleInt32SafeLimit
            ? (int)HostFastPath.RoundToInteger(BitConverter.UInt64BitsToDouble(a), rm, ref flags)
            : (int)Soft<Binary64>.ToInteger(a, rm, ref flags, isSigned: true, width: 32);

    /// <summary>fcvt.wu.d: round to uint with RISC-V saturation (NaN gives <see cref="uint.MaxValue"/>, negatives 0).</summary>
    /// <remarks>The instruction sign-extends this 32-bit result into the destination register.</remarks>
    public static uint ToUInt32(ulong a, RoundingMode rm, ref FloatFlags flags) =>
        a < HostFastPath.DoubleInt32SafeLimit
            ? (uint)HostFastPath.RoundToInteger(BitConverter.UInt64BitsToDouble(a), rm, ref flags)
            : (uint)Soft<Binary64>.ToInteger(a, rm, ref flags, isSigned: false, width: 32);

    /// <summary>fcvt.l.d: round to long with RISC-V saturation (NaN gives <see cref="long.MaxValue"/>).</summary>
    public static long ToInt64(ulong a, RoundingMode rm, ref FloatFlags flags) =>
        (a & ~SignBit) < HostFastPath.DoubleInt64SafeLimit
            ? HostFastPath.RoundToInteger(BitConverter.UInt64BitsToDouble(a), rm, ref flags)
            : (long)Soft<Binary64>.ToInteger(a, rm, ref flags, isSigned: true, width: 64);

    /// <summary>fcvt.lu.d: round to ulong with RISC-V saturation (NaN gives <see cref="ulong.MaxValue"/>, negatives 0).</summary>
    public static ulong ToUInt64(ulong a, RoundingMode rm, ref FloatFlags flags) =>
        a < HostFastPath.DoubleInt64SafeLimit
            ? (ulong)HostFastPath.RoundToInteger(BitConverter.UInt64BitsToDouble(a), rm, ref flags)
            : Soft<Binary64>.ToInteger(a, rm, ref flags, isSigned: false, width: 64);

    /// <summary>fcvt.d.w: always exact, so <paramref name="rm"/> and <paramref name="flags"/> are unused.</summary>
    public static ulong FromInt32(int value, RoundingMode rm, ref FloatFlags flags) =>
        BitConverter.DoubleToUInt64Bits(value);

    /// <summary>fcvt.d.wu: always exact, so <paramref name="rm"/> and <paramref name="flags"/> are unused.</summary>
    public static ulong FromUInt32(uint value, RoundingMode rm, ref FloatFlags flags) =>
        BitConverter.DoubleToUInt64Bits(value);

    /// <summary>fcvt.d.l: rounded when the magnitude needs more than 53 bits.</summary>
    public static ulong FromInt64(long value, RoundingMode rm, ref FloatFlags flags) =>
        HostFastPath.IsExact(value, 53)
            ? BitConverter.DoubleToUInt64Bits(value)
            : Soft<Binary64>.FromInteger(value < 0, value < 0 ? 0 - (ulong)value : (ulong)value, rm, ref flags);

    /// <summary>fcvt.d.lu: rounded when the value needs more than 53 bits.</summary>
    public static ulong FromUInt64(ulong value, RoundingMode rm, ref FloatFlags flags) =>
        value <= 1UL << 53
            ? BitConverter.DoubleToUInt64Bits(value)
            : Soft<Binary64>.FromInteger(false, value, rm, ref flags);

    /// <summary>fcvt.d.s: exact widening; a signaling NaN raises Invalid, every NaN becomes <see cref="CanonicalNaN"/>.</summary>
    public static ulong FromF32(uint a, ref FloatFlags flags) =>
        (a & ~F32.SignBit) <= F32.PositiveInfinity
            ? BitConverter.DoubleToUInt64Bits(BitConverter.UInt32BitsToSingle(a))
            : Soft<Binary64>.ConvertFrom<Binary32>(a, RoundingMode.NearestEven, ref flags);
}
