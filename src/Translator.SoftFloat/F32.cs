using Translator.SoftFloat.Core;

namespace Translator.SoftFloat;

/// <summary>
/// IEEE 754 binary32 arithmetic with RISC-V F-extension semantics, on raw bit patterns.
/// </summary>
/// <remarks>
/// Every operation is exactly rounded in the given mode and ORs its exception flags into <c>flags</c>.
/// Any NaN result is <see cref="CanonicalNaN"/>; NaN payloads never propagate.
/// </remarks>
public static partial class F32
{
    /// <summary>The canonical NaN RISC-V produces: positive, quiet, zero payload.</summary>
    public const uint CanonicalNaN = 0x7FC00000;

    /// <summary>Positive infinity.</summary>
    public const uint PositiveInfinity = 0x7F800000;

    /// <summary>Negative infinity.</summary>
    public const uint NegativeInfinity = 0xFF800000;

    /// <summary>The sign bit.</summary>
    public const uint SignBit = 0x80000000;

    /// <summary>The upper half of a 64-bit FP register that holds a properly NaN-boxed single.</summary>
    public const ulong NaNBoxUpperHalf = 0xFFFFFFFF_00000000;

    /// <summary>Writes a single into a 64-bit FP register (RISC-V NaN-boxing: upper 32 bits all ones).</summary>
    public static ulong NaNBox(uint value) => NaNBoxUpperHalf | value;

    /// <summary>Reads a single operand from a 64-bit FP register; a value that is not NaN-boxed reads as <see cref="CanonicalNaN"/>.</summary>
    public static uint Unbox(ulong register) => (register & NaNBoxUpperHalf) == NaNBoxUpperHalf ? (uint)register : CanonicalNaN;

    /// <summary>fadd.s: a + b.</summary>
    public static uint Add(uint a, uint b, RoundingMode rm, ref FloatFlags flags) =>
        rm == RoundingMode.NearestEven ? HostFastPath.SingleAdd(a, b, ref flags) : (uint)Soft<Binary32>.Add(a, b, rm, ref flags);

    /// <summary>fsub.s: a - b.</summary>
    public static uint Sub(uint a, uint b, RoundingMode rm, ref FloatFlags flags) =>
        Add(a, b ^ SignBit, rm, ref flags);

    /// <summary>fmul.s: a * b.</summary>
    public static uint Mul(uint a, uint b, RoundingMode rm, ref FloatFlags flags) =>
        rm == RoundingMode.NearestEven ? HostFastPath.SingleMul(a, b, ref flags) : (uint)Soft<Binary32>.Mul(a, b, rm, ref flags);

    /// <summary>fdiv.s: a / b.</summary>
    public static uint Div(uint a, uint b, RoundingMode rm, ref FloatFlags flags) =>
        rm == RoundingMode.NearestEven ? HostFastPath.SingleDiv(a, b, ref flags) : (uint)Soft<Binary32>.Div(a, b, rm, ref flags);

    /// <summary>fsqrt.s: the square root of a; sqrt(-0) = -0.</summary>
    public static uint Sqrt(uint a, RoundingMode rm, ref FloatFlags flags) =>
        rm == RoundingMode.NearestEven ? HostFastPath.SingleSqrt(a, ref flags) : (uint)Soft<Binary32>.Sqrt(a, rm, ref flags);

    /// <summary>fmadd.s: a * b + c with one rounding.</summary>
    public static uint MulAdd(uint a, uint b, uint c, RoundingMode rm, ref FloatFlags flags) =>
        rm == RoundingMode.NearestEven
            ? HostFastPath.SingleMulAdd(a, b, c, negateProduct: false, negateAddend: false, ref flags)
            : (uint)Soft<Binary32>.MulAdd(a, b, c, negateProduct: false, negateAddend: false, rm, ref flags);

    /// <summary>fmsub.s: a * b - c with one rounding.</summary>
    public static uint MulSub(uint a, uint b, uint c, RoundingMode rm, ref FloatFlags flags) =>
        rm == RoundingMode.NearestEven
            ? HostFastPath.SingleMulAdd(a, b, c, negateProduct: false, negateAddend: true, ref flags)
            : (uint)Soft<Binary32>.MulAdd(a, b, c, negateProduct: false, negateAddend: true, rm, ref flags);

    /// <summary>fnmsub.s: -(a * b) + c with one rounding.</summary>
    public static uint NegMulSub(uint a, uint b, uint c, RoundingMode rm, ref FloatFlags flags) =>
        rm == RoundingMode.NearestEven
            ? HostFastPath.SingleMulAdd(a, b, c, negateProduct: true, negateAddend: false, ref flags)
            : (uint)Soft<Binary32>.MulAdd(a, b, c, negateProduct: true, negateAddend: false, rm, ref flags);

    /// <summary>fnmadd.s: -(a * b) - c with one rounding.</summary>
    public static uint NegMulAdd(uint a, uint b, uint c, RoundingMode rm, ref FloatFlags flags) =>
        rm == RoundingMode.NearestEven
            ? HostFastPath.SingleMulAdd(a, b, c, negateProduct: true, negateAddend: true, ref flags)
            : (uint)Soft<Binary32>.MulAdd(a, b, c, negateProduct: true, negateAddend: true, rm, ref flags);

    /// <summary>fmin.s: minimumNumber; -0 &lt; +0, a single NaN operand yields the other, Invalid for signaling NaNs.</summary>
    public static uint Min(uint a, uint b, ref FloatFlags flags) => (uint)Soft<Binary32>.MinMax(a, b, wantMax: false, ref flags);

    /// <summary>fmax.s: maximumNumber; -0 &lt; +0, a single NaN operand yields the other, Invalid for signaling NaNs.</summary>
    public static uint Max(uint a, uint b, ref FloatFlags flags) => (uint)Soft<Binary32>.MinMax(a, b, wantMax: true, ref flags);

    /// <summary>feq.s: quiet comparison, Invalid only for signaling NaNs.</summary>
    public static bool Eq(uint a, uint b, ref FloatFlags flags) => Soft<Binary32>.Eq(a, b, ref flags);

    /// <summary>flt.s: signaling comparison, Invalid for any NaN.</summary>
    public static bool Lt(uint a, uint b, ref FloatFlags flags) => Soft<Binary32>.Lt(a, b, ref flags);

    /// <summary>fle.s: signaling comparison, Invalid for any NaN.</summary>
    public static bool Le(uint a, uint b, ref FloatFlags flags) => Soft<Binary32>.Le(a, b, ref flags);

    /// <summary>fclass.s: a mask with exactly one <see cref="FloatClass"/> bit set.</summary>
    public static uint Classify(uint a) => Soft<Binary32>.Classify(a);

    /// <summary>fsgnj.s: magnitude of a, sign of b.</summary>
    public static uint SignInject(uint a, uint b) => (uint)Soft<Binary32>.InjectSign(a, b);

    /// <summary>fsgnjn.s: magnitude of a, opposite sign of b.</summary>
    public static uint SignInjectNegated(uint a, uint b) => (uint)Soft<Binary32>.InjectSign(a, ~b);

    /// <summary>fsgnjx.s: a with its sign XORed with b's.</summary>
    public static uint SignInjectXor(uint a, uint b) => (uint)Soft<Binary32>.InjectSign(a, a ^ b);

    /// <summary>fcvt.w.s: round to int with RISC-V saturation (NaN gives <see cref="int.MaxValue"/>).</summary>
    public static int ToInt32(uint a, RoundingMode rm, ref FloatFlags flags) =>
        (a & ~SignBit) < HostFastPath.SingleInt32SafeLimit
            ? (int)HostFastPath.RoundToInteger(BitConverter.UInt32BitsToSingle(a), rm, ref flags)
            : (int)Soft<Binary32>.ToInteger(a, rm, ref flags, isSigned: true, width: 32);

    /// <summary>fcvt.wu.s: round to uint with RISC-V saturation (NaN gives <see cref="uint.MaxValue"/>, negatives 0).</summary>
    /// <remarks>The instruction sign-extends this 32-bit result into the destination register.</remarks>
    public static uint ToUInt32(uint a, RoundingMode rm, ref FloatFlags flags) =>
        a < HostFastPath.SingleInt32SafeLimit
            ? (uint)HostFastPath.RoundToInteger(BitConverter.UInt32BitsToSingle(a), rm, ref flags)
            : (uint)Soft<Binary32>.ToInteger(a, rm, ref flags, isSigned: false, width: 32);

    /// <summary>fcvt.l.s: round to long with RISC-V saturation (NaN gives <see cref="long.MaxValue"/>).</summary>
    public static long ToInt64(uint a, RoundingMode rm, ref FloatFlags flags) =>
        (a & ~SignBit) < HostFastPath.SingleInt64SafeLimit
            ? HostFastPath.RoundToInteger(BitConverter.UInt32BitsToSingle(a), rm, ref flags)
            : (long)Soft<Binary32>.ToInteger(a, rm, ref flags, isSigned: true, width: 64);

    /// <summary>fcvt.lu.s: round to ulong with RISC-V saturation (NaN gives <see cref="ulong.MaxValue"/>, negatives 0).</summary>
    public static ulong ToUInt64(uint a, RoundingMode rm, ref FloatFlags flags) =>
        a < HostFastPath.SingleInt64SafeLimit
            ? (ulong)HostFastPath.RoundToInteger(BitConverter.UInt32BitsToSingle(a), rm, ref flags)
            : Soft<Binary32>.ToInteger(a, rm, ref flags, isSigned: false, width: 64);

    /// <summary>fcvt.s.w: rounded when the magnitude needs more than 24 bits.</summary>
    public static uint FromInt32(int value, RoundingMode rm, ref FloatFlags flags) =>
        HostFastPath.IsExact(value, 24)
            ? BitConverter.SingleToUInt32Bits(value)
            : (uint)Soft<Binary32>.FromInteger(value < 0, (ulong)Math.Abs((long)value), rm, ref flags);

    /// <summary>fcvt.s.wu: rounded when the value needs more than 24 bits.</summary>
    public static uint FromUInt32(uint value, RoundingMode rm, ref FloatFlags flags) =>
        value <= 1u << 24
            ? BitConverter.SingleToUInt32Bits(value)
            : (uint)Soft<Binary32>.FromInteger(false, value, rm, ref flags);

    /// <summary>fcvt.s.l: rounded when the magnitude needs more than 24 bits.</summary>
    public static uint FromInt64(long value, RoundingMode rm, ref FloatFlags flags) =>
        HostFastPath.IsExact(value, 24)
            ? BitConverter.SingleToUInt32Bits(value)
            : (uint)Soft<Binary32>.FromInteger(value < 0, value < 0 ? 0 - (ulong)value : (ulong)value, rm, ref flags);

    /// <summary>fcvt.s.lu: rounded when the value needs more than 24 bits.</summary>
    public static uint FromUInt64(ulong value, RoundingMode rm, ref FloatFlags flags) =>
        value <= 1UL << 24
            ? BitConverter.SingleToUInt32Bits(value)
            : (uint)Soft<Binary32>.FromInteger(false, value, rm, ref flags);

    /// <summary>fcvt.s.d: rounds a binary64 value; a signaling NaN raises Invalid, every NaN becomes <see cref="CanonicalNaN"/>.</summary>
    public static uint FromF64(ulong a, RoundingMode rm, ref FloatFlags flags) =>
        rm == RoundingMode.NearestEven
            ? HostFastPath.Narrow(a, ref flags)
            : (uint)Soft<Binary32>.ConvertFrom<Binary64>(a, rm, ref flags);
}
