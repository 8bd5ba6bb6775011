using System.Numerics;

namespace Translator.SoftFloat.Core;

internal static partial class Soft<TF>
{
    /// <summary>a + b, rounded once.</summary>
    internal static ulong Add(ulong a, ulong b, RoundingMode mode, ref FloatFlags flags)
    {
        ulong magA = a & MagnitudeMask, magB = b & MagnitudeMask;
        if (magA >= PositiveInfinity || magB >= PositiveInfinity)
            return AddNonFinite(a, b, ref flags);
        if (magA == 0 || magB == 0)
            return AddWithZero(a, b, mode);

        // Order by magnitude so the difference below never goes negative.
        if (magA < magB)
            (a, b) = (b, a);
        bool negative = IsNegative(a);
        int exponent = Unpack(a, out ulong sigA);
        int exponentB = Unpack(b, out ulong sigB);
        // The unpacked form keeps at least 10 zero bits below the last significand bit, so short shifts are exact;
        // that covers the only cases that cancel heavily (exponents 0 or 1 apart). After a longer shift the
        // difference needs at most one bit of normalisation and the jammed bit stays below the rounding position.
        sigB = ShiftRightJam(sigB, exponent - exponentB);

        if (IsNegative(b) == negative)
        {
            ulong sum = sigA + sigB;
            if ((sum >> 63) != 0)
                return RoundPack(negative, exponent + 1, (sum >> 1) | (sum & 1), mode, ref flags);
            return RoundPack(negative, exponent, sum, mode, ref flags);
        }

        ulong difference = sigA - sigB;
        if (difference == 0)
            return ExactZeroSum(mode);
        int normalizeShift = BitOperations.LeadingZeroCount(difference) - 1;
        return RoundPack(negative, exponent - normalizeShift, difference << normalizeShift, mode, ref flags);
    }

    /// <summary>The sign of an exact zero sum of opposite operands: +0, except -0 when rounding down.</summary>
    private static ulong ExactZeroSum(RoundingMode mode) => mode == RoundingMode.Down ? SignBit : 0;

    private static ulong AddNonFinite(ulong a, ulong b, ref FloatFlags flags)
    {
        if (IsNaN(a) || IsNaN(b))
            return NaNResult(IsSignalingNaN(a) || IsSignalingNaN(b), ref flags);
        ulong magA = a & MagnitudeMask, magB = b & MagnitudeMask;
        if (magA == PositiveInfinity && magB == PositiveInfinity && a != b)
            return InvalidResult(ref flags);
        return magA == PositiveInfinity ? a : b;
    }

    private static ulong AddWithZero(ulong a, ulong b, RoundingMode mode)
    {
        if ((b & MagnitudeMask) != 0)
            return b;
        if ((a & MagnitudeMask) != 0)
            return a;
        return a == b ? a : ExactZeroSum(mode);
    }

    /// <summary>a * b, rounded once.</summary>
    internal static ulong Mul(ulong a, ulong b, RoundingMode mode, ref FloatFlags flags)
    {
        bool negative = IsNegative(a ^ b);
        ulong magA = a & MagnitudeMask, magB = b & MagnitudeMask;
        if (magA >= PositiveInfinity || magB >= PositiveInfinity)
        {
            if (IsNaN(a) || IsNaN(b))
                return NaNResult(IsSignalingNaN(a) || IsSignalingNaN(b), ref flags);
            if (magA == 0 || magB == 0)
                return InvalidResult(ref flags);
            return SignOf(negative) | PositiveInfinity;
        }
        if (magA == 0 || magB == 0)
            return SignOf(negative);

        int exponent = Unpack(a, out ulong sigA) + Unpack(b, out ulong sigB);
        // Product of two [2^62, 2^63) significands is in [2^124, 2^126); keep bits 125..62, jam the rest.
        ulong high = Math.BigMul(sigA, sigB, out ulong low);
        ulong sig = (high << 2) | (low >> 62) | ((low << 2) != 0 ? 1UL : 0);
        if ((sig >> 63) != 0)
            return RoundPack(negative, exponent + 1, (sig >> 1) | (sig & 1), mode, ref flags);
        return RoundPack(negative, exponent, sig, mode, ref flags);
    }

    /// <summary>a / b, rounded once.</summary>
    internal static ulong Div(ulong a, ulong b, RoundingMode mode, ref FloatFlags flags)
    {
        bool negative = IsNegative(a ^ b);
        ulong magA = a & MagnitudeMask, magB = b & MagnitudeMask;
        if (magA >= PositiveInfinity || magB >= PositiveInfinity)
        {
            if (IsNaN(a) || IsNaN(b))
                return NaNResult(IsSignalingNaN(a) || IsSignalingNaN(b), ref flags);
            if (magA == PositiveInfinity && magB == PositiveInfinity)
                return InvalidResult(ref flags);
            return magA == PositiveInfinity ? SignOf(negative) | PositiveInfinity : SignOf(negative);
        }
        if (magB == 0)
        {
            if (magA == 0)
                return InvalidResult(ref flags);
            flags |= FloatFlags.DivideByZero;
            return SignOf(negative) | PositiveInfinity;
        }
        if (magA == 0)
            return SignOf(negative);

        int exponent = Unpack(a, out ulong sigA) - Unpack(b, out ulong sigB);
        // sigA / sigB is in (1/2, 2), so this quotient is in (2^62, 2^64) with at least 63 exact bits.
        ulong quotient = DivideShifted(sigA, sigB, out bool exact);
        ulong sticky = exact ? 0UL : 1UL;
        if ((quotient >> 63) != 0)
            return RoundPack(negative, exponent, (quotient >> 1) | (quotient & 1) | sticky, mode, ref flags);
        return RoundPack(negative, exponent - 1, quotient | sticky, mode, ref flags);
    }

    /// <summary>floor(dividend * 2^63 / divisor) for unpacked significands, and whether it is exact.</summary>
    private static ulong DivideShifted(ulong dividend, ulong divisor, out bool exact)
    {
        // A 128-by-64-bit division whose quotient fits in 64 bits: the runtime does this in hardware.
        UInt128 numerator = (UInt128)dividend << 63;
        UInt128 quotient = numerator / divisor;
        exact = quotient * divisor == numerator;
        return (ulong)quotient;
    }

    /// <summary>Square root, rounded once.</summary>
    internal static ulong Sqrt(ulong a, RoundingMode mode, ref FloatFlags flags)
    {
        ulong magnitude = a & MagnitudeMask;
        if (IsNaN(a))
            return NaNResult(IsSignalingNaN(a), ref flags);
        if (magnitude == 0)
            return a; // sqrt(-0) = -0
        if (IsNegative(a))
            return InvalidResult(ref flags);
        if (magnitude == PositiveInfinity)
            return a;

        int exponent = Unpack(a, out ulong sig);
        // Make the exponent even by doubling the significand when it is odd; then
        // sqrt(sig * 2^64) = root with its leading bit at 63 and exponent floor(e / 2).
        ulong root = IntegerSqrt((exponent & 1) != 0 ? sig << 1 : sig, out bool exact);
        ulong sticky = exact ? 0UL : 1UL;
        return RoundPack(false, exponent >> 1, (root >> 1) | (root & 1) | sticky, mode, ref flags);
    }

    /// <summary>floor(sqrt(high * 2^64)) for high in [2^62, 2^64), and whether it is exact.</summary>
    private static ulong IntegerSqrt(ulong high, out bool exact)
    {
        UInt128 n = (UInt128)high << 64;
        // high has at most 54 significant bits, so it converts exactly and the double root is off by at most
        // a few thousand units.
        double estimate = Math.Sqrt(high) * 4294967296.0;
        ulong root = estimate >= 18446744073709551615.0 ? ulong.MaxValue : (ulong)estimate;
        // One Newton step (error e becomes about e^2 / 2root, below 2) on the runtime's 128-by-64-bit division.
        UInt128 square = (UInt128)root * root;
        if (square > n)
            root -= (ulong)((square - n) / root) >> 1;
        else
        {
            ulong step = (ulong)((n - square) / root) >> 1;
            root = root > ulong.MaxValue - step ? ulong.MaxValue : root + step;
        }
        while ((UInt128)root * root > n)
            root--;
        while (root != ulong.MaxValue && (UInt128)(root + 1) * (root + 1) <= n)
            root++;
        exact = (UInt128)root * root == n;
        return root;
    }

    /// <summary>
    /// (±a*b) ± c with one rounding: the RISC-V fmadd/fmsub/fnmsub/fnmadd family.
    /// </summary>
    /// <remarks>
    /// <c>negateProduct</c> negates a*b before adding (fnmsub, fnmadd); <c>negateAddend</c> negates c (fmsub,
    /// fnmadd). Both act before rounding, so directed modes see the final sign.
    /// </remarks>
    internal static ulong MulAdd(ulong a, ulong b, ulong c, bool negateProduct, bool negateAddend,
        RoundingMode mode, ref FloatFlags flags)
    {
        ulong magA = a & MagnitudeMask, magB = b & MagnitudeMask, magC = c & MagnitudeMask;
        bool productNegative = IsNegative(a ^ b) ^ negateProduct;
        bool addendNegative = IsNegative(c) ^ negateAddend;
        if (magA >= PositiveInfinity || magB >= PositiveInfinity || magC >= PositiveInfinity)
            return MulAddNonFinite(a, b, c, productNegative, addendNegative, ref flags);

        if (magA == 0 || magB == 0)
        {
            if (magC != 0)
                return SignOf(addendNegative) | magC;
            return productNegative == addendNegative ? SignOf(productNegative) : ExactZeroSum(mode);
        }

        // Exact product with its leading bit at 125: value = product * 2^(productExponent - 125).
        int productExponent = Unpack(a, out ulong sigA) + Unpack(b, out ulong sigB);
        UInt128 product = (UInt128)sigA * sigB;
        if ((product >> 125) != 0)
            productExponent++;
        else
            product <<= 1;

        if (magC == 0)
        {
            ulong productSig = (ulong)(product >> 63) | (((ulong)product << 1) != 0 ? 1UL : 0);
            return RoundPack(productNegative, productExponent, productSig, mode, ref flags);
        }

        // Addend aligned the same way; the term with the smaller exponent is shifted with jamming. Both terms have
        // at least 20 zero bits at the bottom, so shifts that can lead to heavy cancellation are exact, and after
        // longer ones the jammed bit stays below the rounding position.
        int addendExponent = Unpack(c, out ulong sigC);
        UInt128 addend = (UInt128)sigC << 63;
        UInt128 larger, smaller;
        bool largerNegative, smallerNegative;
        int exponent;
        if (productExponent >= addendExponent)
        {
            (larger, largerNegative) = (product, productNegative);
            (smaller, smallerNegative) = (ShiftRightJam(addend, productExponent - addendExponent), addendNegative);
            exponent = productExponent;
        }
        else
        {
            (larger, largerNegative) = (addend, addendNegative);
            (smaller, smallerNegative) = (ShiftRightJam(product, addendExponent - productExponent), productNegative);
            exponent = addendExponent;
        }

        UInt128 sum;
        bool negative = largerNegative;
        if (largerNegative == smallerNegative)
            sum = larger + smaller;
        else if (larger >= smaller)
            sum = larger - smaller;
        else
        {
            sum = smaller - larger;
            negative = smallerNegative;
        }
        if (sum == 0)
            return ExactZeroSum(mode);

        // Move the leading bit to 126 so the high half has it at 62.
        int leadingZeros = (int)UInt128.LeadingZeroCount(sum);
        sum <<= leadingZeros - 1;
        ulong sig = (ulong)(sum >> 64) | ((ulong)sum != 0 ? 1UL : 0);
        return RoundPack(negative, exponent + 2 - leadingZeros, sig, mode, ref flags);
    }

    private static ulong MulAddNonFinite(ulong a, ulong b, ulong c, bool productNegative, bool addendNegative,
        ref FloatFlags flags)
    {
        ulong magA = a & MagnitudeMask, magB = b & MagnitudeMask, magC = c & MagnitudeMask;
        bool infinityTimesZero = (magA == PositiveInfinity && magB == 0) || (magA == 0 && magB == PositiveInfinity);
        if (IsNaN(a) || IsNaN(b) || IsNaN(c))
        {
            // RISC-V raises Invalid for inf * 0 even when the addend is a quiet NaN.
            bool invalid = infinityTimesZero || IsSignalingNaN(a) || IsSignalingNaN(b) || IsSignalingNaN(c);
            return NaNResult(invalid, ref flags);
        }
        if (infinityTimesZero)
            return InvalidResult(ref flags);
        if (magA == PositiveInfinity || magB == PositiveInfinity)
        {
            if (magC == PositiveInfinity && productNegative != addendNegative)
                return InvalidResult(ref flags);
            return SignOf(productNegative) | PositiveInfinity;
        }
        return SignOf(addendNegative) | PositiveInfinity;
    }
}
