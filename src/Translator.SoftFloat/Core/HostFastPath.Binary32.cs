using System.Runtime.CompilerServices;

namespace Translator.SoftFloat.Core;

/// <summary>
/// binary32 operations computed in binary64: products are exact there, and for sums, quotients and roots
/// rounding first to 53 bits and then to 24 gives the same result as rounding once (53 >= 2 * 24 + 2).
/// </summary>
internal static partial class HostFastPath
{
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

    /// <summary>binary64 to binary32, round to nearest even.</summary>
    internal static uint Narrow(ulong a, ref FloatFlags flags)
    {
        if (TryNarrow(D(a), ref flags, out uint result))
            return result;
        return (uint)Soft<Binary32>.ConvertFrom<Binary64>(a, RoundingMode.NearestEven, ref flags);
    }
}
