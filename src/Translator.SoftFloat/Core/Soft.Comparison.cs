namespace Translator.SoftFloat.Core;

internal static partial class Soft<TF>
{
    /// <summary>Whether a &lt; b for non-NaN operands, treating -0 and +0 as equal unless <paramref name="zeroSignMatters"/>.</summary>
    private static bool LessOrdered(ulong a, ulong b, bool zeroSignMatters)
    {
        bool negativeA = IsNegative(a), negativeB = IsNegative(b);
        if (negativeA != negativeB)
            return negativeA && (zeroSignMatters || ((a | b) & MagnitudeMask) != 0);
        return negativeA ? a > b : a < b;
    }

    /// <summary>RISC-V fmin/fmax (IEEE 754-2019 minimumNumber/maximumNumber): -0 &lt; +0, NaNs lose.</summary>
    internal static ulong MinMax(ulong a, ulong b, bool wantMax, ref FloatFlags flags)
    {
        bool nanA = IsNaN(a), nanB = IsNaN(b);
        if (nanA || nanB)
        {
            if (IsSignalingNaN(a) || IsSignalingNaN(b))
                flags |= FloatFlags.Invalid;
            if (nanA && nanB)
                return CanonicalNaN;
            return nanA ? b : a;
        }
        return LessOrdered(a, b, zeroSignMatters: true) != wantMax ? a : b;
    }

    /// <summary>Quiet equality (feq): Invalid only for signaling NaNs.</summary>
    internal static bool Eq(ulong a, ulong b, ref FloatFlags flags)
    {
        if (IsNaN(a) || IsNaN(b))
        {
            if (IsSignalingNaN(a) || IsSignalingNaN(b))
                flags |= FloatFlags.Invalid;
            return false;
        }
        return a == b || ((a | b) & MagnitudeMask) == 0;
    }

    /// <summary>Signaling less-than (flt): Invalid for any NaN.</summary>
    internal static bool Lt(ulong a, ulong b, ref FloatFlags flags)
    {
        if (IsNaN(a) || IsNaN(b))
        {
            flags |= FloatFlags.Invalid;
            return false;
        }
        return LessOrdered(a, b, zeroSignMatters: false);
    }

    /// <summary>Signaling less-or-equal (fle): Invalid for any NaN.</summary>
    internal static bool Le(ulong a, ulong b, ref FloatFlags flags)
    {
        if (IsNaN(a) || IsNaN(b))
        {
            flags |= FloatFlags.Invalid;
            return false;
        }
        return !LessOrdered(b, a, zeroSignMatters: false);
    }

    /// <summary>The fclass mask.</summary>
    internal static uint Classify(ulong a)
    {
        bool negative = IsNegative(a);
        ulong magnitude = a & MagnitudeMask;
        if (magnitude > PositiveInfinity)
            return (a & QuietBit) != 0 ? FloatClass.QuietNaN : FloatClass.SignalingNaN;
        if (magnitude == PositiveInfinity)
            return negative ? FloatClass.NegativeInfinity : FloatClass.PositiveInfinity;
        if (magnitude == 0)
            return negative ? FloatClass.NegativeZero : FloatClass.PositiveZero;
        if (magnitude <= FractionMask)
            return negative ? FloatClass.NegativeSubnormal : FloatClass.PositiveSubnormal;
        return negative ? FloatClass.NegativeNormal : FloatClass.PositiveNormal;
    }
}
