using System.Numerics;
using System.Runtime.CompilerServices;

namespace Translator.SoftFloat.Core;

/// <summary>Fused multiply-add on the host FMA unit, for both formats.</summary>
internal static partial class HostFastPath
{
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
}
