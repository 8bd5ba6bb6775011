namespace Translator.SoftFloat.Core;

internal static partial class Soft<TF>
{
    /// <summary>
    /// Rounds to an integer of <paramref name="width"/> bits with RISC-V saturation: NaN and too-large values give
    /// the largest value, too-small values the smallest, all with Invalid (and never Inexact).
    /// </summary>
    /// <returns>The integer as a <paramref name="width"/>-bit two's complement pattern, sign-extended to 64 bits.</returns>
    internal static ulong ToInteger(ulong a, RoundingMode mode, ref FloatFlags flags, bool isSigned, int width)
    {
        ulong largest = isSigned ? (1UL << (width - 1)) - 1 : ulong.MaxValue >> (64 - width);
        ulong largestNegativeMagnitude = isSigned ? 1UL << (width - 1) : 0;
        ulong smallest = 0 - largestNegativeMagnitude;

        bool negative = IsNegative(a);
        ulong magnitude = a & MagnitudeMask;
        if (magnitude >= PositiveInfinity)
        {
            flags |= FloatFlags.Invalid;
            return negative && magnitude == PositiveInfinity ? smallest : largest;
        }
        if (magnitude == 0)
            return 0;

        int exponent = Unpack(a, out ulong sig);
        if (exponent >= 64)
        {
            flags |= FloatFlags.Invalid;
            return negative ? smallest : largest;
        }

        ulong integer = RoundToInteger(negative, exponent, sig, mode, out bool inexact);
        if (negative ? integer > largestNegativeMagnitude : integer > largest)
        {
            flags |= FloatFlags.Invalid;
            return negative ? smallest : largest;
        }
        if (inexact)
            flags |= FloatFlags.Inexact;
        return negative ? 0 - integer : integer;
    }

    /// <summary>The magnitude of <c>sig * 2^(exponent - 62)</c> rounded to an integer; exponent must be below 64.</summary>
    private static ulong RoundToInteger(bool negative, int exponent, ulong sig, RoundingMode mode, out bool inexact)
    {
        if (exponent >= LeadBit)
        {
            inexact = false;
            return sig << (exponent - LeadBit);
        }

        int shift = LeadBit - exponent;
        ulong integer, fraction, half;
        if (shift >= 64)
        {
            // Below one half: any nonzero fraction smaller than half behaves the same.
            (integer, fraction, half) = (0, 1, 2);
        }
        else
        {
            integer = sig >> shift;
            fraction = sig & ((1UL << shift) - 1);
            half = 1UL << (shift - 1);
        }
        inexact = fraction != 0;
        if (RoundsUp(negative, mode, fraction, half, (integer & 1) != 0))
            integer++;
        return integer;
    }

    /// <summary>Converts a signed or unsigned 64-bit integer given as sign and magnitude.</summary>
    internal static ulong FromInteger(bool negative, ulong magnitude, RoundingMode mode, ref FloatFlags flags)
    {
        if (magnitude == 0)
            return 0;
        return NormalizeRoundPack(negative, LeadBit, magnitude, mode, ref flags);
    }

    /// <summary>Converts from another binary format: exact when widening, rounded once when narrowing.</summary>
    internal static ulong ConvertFrom<TSource>(ulong bits, RoundingMode mode, ref FloatFlags flags)
        where TSource : struct, IBinaryFormat
    {
        bool negative = Soft<TSource>.IsNegative(bits);
        ulong magnitude = bits & Soft<TSource>.MagnitudeMask;
        if (magnitude > Soft<TSource>.PositiveInfinity)
            return NaNResult(Soft<TSource>.IsSignalingNaN(bits), ref flags);
        if (magnitude == Soft<TSource>.PositiveInfinity)
            return SignOf(negative) | PositiveInfinity;
        if (magnitude == 0)
            return SignOf(negative);
        int exponent = Soft<TSource>.Unpack(bits, out ulong sig);
        return RoundPack(negative, exponent, sig, mode, ref flags);
    }

    /// <summary>RISC-V fsgnj/fsgnjn/fsgnjx: the magnitude of a with a sign taken from b.</summary>
    internal static ulong InjectSign(ulong a, ulong sign) => (a & MagnitudeMask) | (sign & SignBit);
}
