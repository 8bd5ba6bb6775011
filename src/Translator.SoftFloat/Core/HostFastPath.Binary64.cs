using System.Runtime.CompilerServices;

namespace Translator.SoftFloat.Core;

/// <summary>binary64 add, multiply, divide and square root.</summary>
internal static partial class HostFastPath
{
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
}
