using System.Numerics;
using System.Runtime.CompilerServices;

namespace Translator.SoftFloat.Core;

/// <summary>
/// Round-to-nearest-even operations done by the host FPU, which rounds the same way, with the exception flags
/// derived from error-free transformations. Each method handles only operands for which that derivation is
/// exact (finite, far from overflow and from the subnormal range) and hands every other case to
/// <see cref="Soft{TF}"/>. binary32 work is done in binary64, which holds products exactly and makes
/// the final rounding to binary32 the only one that matters.
/// </summary>
internal static class HostFastPath
{
    private const ulong DoubleMagnitude = 0x7FFF_FFFF_FFFF_FFFF;

    /// <summary>2^1023: below it, neither operand of a sum can make TwoSum's intermediates overflow.</summary>
    private const ulong DoubleHalfRange = 0x7FE0_0000_0000_0000;

    /// <summary>
    /// 2^-900: a product, quotient or square root at least this large is not tiny and its FMA residual is
    /// exactly representable (the residual's quantum stays above the smallest subnormal).
    /// </summary>
    private const ulong DoubleSafeMinimum = 0x07B0_0000_0000_0000;

    private const ulong DoubleInfinity = 0x7FF0_0000_0000_0000;

    /// <summary>Exponent field 2: binary32 results at least this large cannot be tiny, even before rounding.</summary>
    private const uint SingleSafeMinimum = 0x0100_0000;

    private const uint SingleInfinity = 0x7F80_0000;

    private const uint SingleMagnitude = 0x7FFF_FFFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double D(ulong bits) => BitConverter.UInt64BitsToDouble(bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double S(uint bits) => BitConverter.UInt32BitsToSingle(bits);

    /// <summary>Whether magnitude bits lie in [minimum, infinity): finite and not near the subnormal range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool InSafeRange(ulong magnitude, ulong minimum, ulong infinity) =>
        magnitude - minimum < infinity - minimum;

    /// <summary>The rounding error of x + y (Knuth's TwoSum); zero exactly when the sum is exact.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SumError(double x, double y, double sum)
    {
        double yPart = sum - x;
        return (x - (sum - yPart)) + (y - yPart);
    }

    internal static ulong Add(ulong a, ulong b, ref FloatFlags flags)
    {
        // Sums are never tiny and inexact at once, so only the upper range needs checking.
        if (Math.Max(a & DoubleMagnitude, b & DoubleMagnitude) < DoubleHalfRange)
        {
            double x = D(a), y = D(b), sum = x + y;
            if (SumError(x, y, sum) != 0)
                flags |= FloatFlags.Inexact;
            return BitConverter.DoubleToUInt64Bits(sum);
        }
        return Soft<Binary64>.Add(a, b, RoundingMode.NearestEven, ref flags);
    }

    internal static ulong Mul(ulong a, ulong b, ref FloatFlags flags)
    {
        double x = D(a), y = D(b), product = x * y;
        ulong bits = BitConverter.DoubleToUInt64Bits(product);
        if (InSafeRange(bits & DoubleMagnitude, DoubleSafeMinimum, DoubleInfinity))
        {
            if (Math.FusedMultiplyAdd(x, y, -product) != 0)
                flags |= FloatFlags.Inexact;
            return bits;
        }
        return Soft<Binary64>.Mul(a, b, RoundingMode.NearestEven, ref flags);
    }

    internal static ulong Div(ulong a, ulong b, ref FloatFlags flags)
    {
        double x = D(a), y = D(b), quotient = x / y;
        ulong bits = BitConverter.DoubleToUInt64Bits(quotient);
        if (InSafeRange(bits & DoubleMagnitude, DoubleSafeMinimum, DoubleInfinity) && (a & DoubleMagnitude) >= DoubleSafeMinimum)
        {
            if (Math.FusedMultiplyAdd(-quotient, y, x) != 0)
                flags |= FloatFlags.Inexact;
            return bits;
        }
        return Soft<Binary64>.Div(a, b, RoundingMode.NearestEven, ref flags);
    }

    internal static ulong Sqrt(ulong a, ref FloatFlags flags)
    {
        // Sign clear, finite, not tiny: the root is never tiny and its residual is exact.
        if (InSafeRange(a, DoubleSafeMinimum, DoubleInfinity))
        {
            double x = D(a), root = Math.Sqrt(x);
            if (Math.FusedMultiplyAdd(-root, root, x) != 0)
                flags |= FloatFlags.Inexact;
            return BitConverter.DoubleToUInt64Bits(root);
        }
        return Soft<Binary64>.Sqrt(a, RoundingMode.NearestEven, ref flags);
    }

    /// <summary>What the lowest set bits of a fused multiply-add's terms say about its exactness.</summary>
    private enum FusedExactness
    {
        Exact,
        Inexact,
        Unknown,
    }

    /// <summary>
    /// The exact value of a*b + c is a multiple of 2^m, m the lower of the product's and the addend's lowest set-bit
    /// positions. It is exact if m reaches the rounded result's last-bit position; if not, it is inexact, unless the
    /// two lowest bits share a position and may cancel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FusedExactness ClassifyFused(int productLowBit, int addendLowBit, bool addendIsZero, int resultLastBit)
    {
        int lowBit = addendIsZero ? productLowBit : Math.Min(productLowBit, addendLowBit);
        if (lowBit >= resultLastBit)
            return FusedExactness.Exact;
        return !addendIsZero && productLowBit == addendLowBit ? FusedExactness.Unknown : FusedExactness.Inexact;
    }

    /// <summary>Double-precision (±a*b) ± c on the host FMA, exactness from <see cref="ClassifyFused"/>.</summary>
    internal static ulong MulAdd(ulong a, ulong b, ulong c, bool negateProduct, bool negateAddend, ref FloatFlags flags)
    {
        double x = D(a), y = D(b), z = D(c);
        if (negateProduct)
            x = -x;
        if (negateAddend)
            z = -z;
        ulong bits = BitConverter.DoubleToUInt64Bits(Math.FusedMultiplyAdd(x, y, z));
        int resultField = (int)(bits >> 52) & 0x7FF;
        bool addendIsZero = (c & DoubleMagnitude) == 0;
        // Results with exponent field 2 and up are not tiny; normal operands keep the bit positions simple.
        if (resultField >= 2 && resultField < 0x7FF && IsNormal(a) && IsNormal(b) && (IsNormal(c) || addendIsZero))
        {
            var exactness = ClassifyFused(LowestSetBit(a) + LowestSetBit(b), LowestSetBit(c), addendIsZero, resultField - DoubleUnitBias);
            if (exactness != FusedExactness.Unknown)
            {
                if (exactness == FusedExactness.Inexact)
                    flags |= FloatFlags.Inexact;
                return bits;
            }
        }
        return Soft<Binary64>.MulAdd(a, b, c, negateProduct, negateAddend, RoundingMode.NearestEven, ref flags);
    }

    /// <summary>Single-precision (±a*b) ± c on the host FMA, exactness from <see cref="ClassifyFused"/>.</summary>
    internal static uint SingleMulAdd(uint a, uint b, uint c, bool negateProduct, bool negateAddend, ref FloatFlags flags)
    {
        float x = BitConverter.UInt32BitsToSingle(a), y = BitConverter.UInt32BitsToSingle(b), z = BitConverter.UInt32BitsToSingle(c);
        if (negateProduct)
            x = -x;
        if (negateAddend)
            z = -z;
        uint bits = BitConverter.SingleToUInt32Bits(MathF.FusedMultiplyAdd(x, y, z));
        int resultField = (int)(bits >> 23) & 0xFF;
        bool addendIsZero = (c & SingleMagnitude) == 0;
        if (resultField >= 2 && resultField < 0xFF && IsNormal(a) && IsNormal(b) && (IsNormal(c) || addendIsZero))
        {
            var exactness = ClassifyFused(LowestSetBit(a) + LowestSetBit(b), LowestSetBit(c), addendIsZero, resultField - SingleUnitBias);
            if (exactness != FusedExactness.Unknown)
            {
                if (exactness == FusedExactness.Inexact)
                    flags |= FloatFlags.Inexact;
                return bits;
            }
        }
        return (uint)Soft<Binary32>.MulAdd(a, b, c, negateProduct, negateAddend, RoundingMode.NearestEven, ref flags);
    }

    /// <summary>Exponent field minus this is the position of a normal binary64's last significand bit.</summary>
    private const int DoubleUnitBias = 1023 + 52;

    /// <summary>Exponent field minus this is the position of a normal binary32's last significand bit.</summary>
    private const int SingleUnitBias = 127 + 23;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsNormal(ulong bits) => ((bits >> 52) & 0x7FF) - 1 < 0x7FE;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsNormal(uint bits) => ((bits >> 23) & 0xFF) - 1 < 0xFE;

    /// <summary>Position (power of two) of the lowest set bit of a normal binary64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LowestSetBit(ulong bits) =>
        (int)((bits >> 52) & 0x7FF) - DoubleUnitBias + BitOperations.TrailingZeroCount(bits | (1UL << 52));

    /// <summary>Position (power of two) of the lowest set bit of a normal binary32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LowestSetBit(uint bits) =>
        (int)((bits >> 23) & 0xFF) - SingleUnitBias + BitOperations.TrailingZeroCount(bits | (1u << 23));

    /// <summary>Rounds an exact binary64 value to binary32, refusing when the result could be tiny or overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryNarrow(double value, ref FloatFlags flags, out uint result)
    {
        float narrowed = (float)value;
        result = BitConverter.SingleToUInt32Bits(narrowed);
        bool zero = value == 0;
        if (!InSafeRange(result & SingleMagnitude, SingleSafeMinimum, SingleInfinity) && !zero)
            return false;
        if (narrowed != value)
            flags |= FloatFlags.Inexact;
        return true;
    }

    internal static uint SingleAdd(uint a, uint b, ref FloatFlags flags)
    {
        // Exact binary32 sums in the subnormal range make TryNarrow's tiny-range refusal unnecessary here;
        // only non-finite results go to software.
        double x = S(a), y = S(b), sum = x + y;
        float narrowed = (float)sum; // double rounding is innocuous for sums: 53 >= 2 * 24 + 1
        uint result = BitConverter.SingleToUInt32Bits(narrowed);
        if ((result & SingleMagnitude) < SingleInfinity)
        {
            if (narrowed != sum || SumError(x, y, sum) != 0)
                flags |= FloatFlags.Inexact;
            return result;
        }
        return (uint)Soft<Binary32>.Add(a, b, RoundingMode.NearestEven, ref flags);
    }

    internal static uint SingleMul(uint a, uint b, ref FloatFlags flags)
    {
        double product = S(a) * S(b); // exact: 24 x 24 bits fit in 53
        if (TryNarrow(product, ref flags, out uint result))
            return result;
        return (uint)Soft<Binary32>.Mul(a, b, RoundingMode.NearestEven, ref flags);
    }

    internal static uint SingleDiv(uint a, uint b, ref FloatFlags flags)
    {
        double x = S(a), y = S(b), quotient = x / y; // double rounding is innocuous: 53 >= 2 * 24
        float narrowed = (float)quotient;
        uint result = BitConverter.SingleToUInt32Bits(narrowed);
        if (quotient == 0)
            return result; // 0 / finite or finite / inf: exact
        if (InSafeRange(result & SingleMagnitude, SingleSafeMinimum, SingleInfinity))
        {
            // narrowed * y is exact in binary64, so this compares the true quotient with the result.
            if ((double)narrowed * y != x)
                flags |= FloatFlags.Inexact;
            return result;
        }
        return (uint)Soft<Binary32>.Div(a, b, RoundingMode.NearestEven, ref flags);
    }

    internal static uint SingleSqrt(uint a, ref FloatFlags flags)
    {
        // Sign clear and finite; a binary32 root is never tiny and never overflows.
        if (a < SingleInfinity)
        {
            double x = S(a);
            float root = (float)Math.Sqrt(x); // double rounding is innocuous: 53 >= 2 * 24 + 2
            if ((double)root * root != x)
                flags |= FloatFlags.Inexact;
            return BitConverter.SingleToUInt32Bits(root);
        }
        return (uint)Soft<Binary32>.Sqrt(a, RoundingMode.NearestEven, ref flags);
    }

    /// <summary>|x| below this (2^30 as binary64 bits) rounds to an integer that fits any 32-bit target.</summary>
    internal const ulong DoubleInt32SafeLimit = 0x41D0_0000_0000_0000;

    /// <summary>|x| below this (2^62 as binary64 bits) rounds to an integer that fits any 64-bit target.</summary>
    internal const ulong DoubleInt64SafeLimit = 0x43D0_0000_0000_0000;

    /// <summary>2^30 as binary32 bits.</summary>
    internal const uint SingleInt32SafeLimit = 0x4E80_0000;

    /// <summary>2^62 as binary32 bits.</summary>
    internal const uint SingleInt64SafeLimit = 0x5E80_0000;

    /// <summary>
    /// Rounds a finite value known to fit the target integer type, in any mode: each mode has an exact host
    /// rounding function.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long RoundToInteger(double x, RoundingMode mode, ref FloatFlags flags)
    {
        double rounded = mode switch
        {
            RoundingMode.NearestEven => Math.Round(x),
            RoundingMode.TowardZero => Math.Truncate(x),
            RoundingMode.Down => Math.Floor(x),
            RoundingMode.Up => Math.Ceiling(x),
            _ => Math.Round(x, MidpointRounding.AwayFromZero),
        };
        if (rounded != x)
            flags |= FloatFlags.Inexact;
        return (long)rounded;
    }

    /// <summary>Whether an integer converts exactly to a format with this many significand bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsExact(long value, int significandBits) =>
        (ulong)(value + (1L << significandBits)) <= (1UL << (significandBits + 1));

    /// <summary>binary64 to binary32, round to nearest even.</summary>
    internal static uint Narrow(ulong a, ref FloatFlags flags)
    {
        if (TryNarrow(D(a), ref flags, out uint result))
            return result;
        return (uint)Soft<Binary32>.ConvertFrom<Binary64>(a, RoundingMode.NearestEven, ref flags);
    }
}
