using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Translator.SoftFloat.Core;

/// <summary>
/// Exact software implementation of one binary format, on raw bits held in a <see cref="ulong"/>.
/// </summary>
/// <remarks>
/// Every operation reduces finite nonzero operands to a sign, an unbiased exponent <c>e</c> and a significand
/// <c>sig</c> with its leading one at bit 62, meaning <c>sig * 2^(e - 62)</c>. Bit 63 is headroom for a carry
/// and bit 0 doubles as the sticky bit. The one rounding routine, <see cref="RoundPack"/>, turns that form back
/// into bits; this form is the same for every format, so converting between formats is unpack then pack.
/// </remarks>
internal static partial class Soft<TF>
    where TF : struct, IBinaryFormat
{
    /// <summary>Position of the leading significand bit in the unpacked form.</summary>
    internal const int LeadBit = 62;

    internal static int FractionBits { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => TF.FractionBits; }

    internal static int MaxExponentField { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => (1 << TF.ExponentBits) - 1; }

    internal static int Bias { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => (1 << (TF.ExponentBits - 1)) - 1; }

    internal static ulong SignBit { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => 1UL << (TF.FractionBits + TF.ExponentBits); }

    internal static ulong MagnitudeMask { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => SignBit - 1; }

    internal static ulong FractionMask { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => (1UL << TF.FractionBits) - 1; }

    internal static ulong PositiveInfinity { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => (ulong)MaxExponentField << TF.FractionBits; }

    internal static ulong QuietBit { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => 1UL << (TF.FractionBits - 1); }

    /// <summary>RISC-V's canonical NaN: positive, quiet, no payload.</summary>
    internal static ulong CanonicalNaN { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => PositiveInfinity | QuietBit; }

    /// <summary>Unpacked bits below the rounding position of this format.</summary>
    private static int RoundingShift { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => LeadBit - TF.FractionBits; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsNaN(ulong bits) => (bits & MagnitudeMask) > PositiveInfinity;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsSignalingNaN(ulong bits) => IsNaN(bits) && (bits & QuietBit) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsNegative(ulong bits) => (bits & SignBit) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SignOf(bool negative) => negative ? SignBit : 0;

    /// <summary>Unpacks a finite nonzero value; returns the unbiased exponent of its leading bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Unpack(ulong bits, out ulong sig)
    {
        int exponentField = (int)(bits >> TF.FractionBits) & MaxExponentField;
        ulong fraction = bits & FractionMask;
        if (exponentField != 0)
        {
            sig = (fraction | (1UL << TF.FractionBits)) << RoundingShift;
            return exponentField - Bias;
        }

        // Subnormal: normalise so the leading bit lands at LeadBit.
        int leadingZeros = BitOperations.LeadingZeroCount(fraction);
        sig = fraction << (leadingZeros - 1);
        return 1 - Bias - TF.FractionBits + 63 - leadingZeros;
    }

    /// <summary>Shifts right, ORing every bit shifted out into bit 0 so inexactness survives.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong ShiftRightJam(ulong value, int count)
    {
        if (count == 0)
            return value;
        if (count >= 64)
            return value != 0 ? 1UL : 0;
        return (value >> count) | ((value << (64 - count)) != 0 ? 1UL : 0);
    }

    /// <summary>128-bit <see cref="ShiftRightJam(ulong, int)"/>.</summary>
    internal static UInt128 ShiftRightJam(UInt128 value, int count)
    {
        if (count == 0)
            return value;
        if (count >= 128)
            return value != 0 ? UInt128.One : UInt128.Zero;
        return (value >> count) | ((value << (128 - count)) != 0 ? UInt128.One : UInt128.Zero);
    }

    /// <summary>
    /// Whether discarding <c>roundBits</c> rounds the kept magnitude up by one unit; <c>half</c> is the value of
    /// <c>roundBits</c> that is exactly half a unit and <c>keptIsOdd</c> decides ties to even.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool RoundsUp(bool negative, RoundingMode mode, ulong roundBits, ulong half, bool keptIsOdd)
    {
        Debug.Assert(mode <= RoundingMode.NearestMaxMagnitude, "reserved or dynamic rounding mode reached the library");
        return mode switch
        {
            RoundingMode.NearestEven => roundBits > half || (roundBits == half && keptIsOdd),
            RoundingMode.TowardZero => false,
            RoundingMode.Down => negative && roundBits != 0,
            RoundingMode.Up => !negative && roundBits != 0,
            _ => roundBits >= half,
        };
    }

    /// <summary>
    /// Rounds <c>sig * 2^(exponent - 62)</c> (leading bit of <paramref name="sig"/> at bit 62, sticky in bit 0)
    /// to this format and packs it, raising Inexact, Underflow and Overflow as RISC-V does.
    /// </summary>
    internal static ulong RoundPack(bool negative, int exponent, ulong sig, RoundingMode mode, ref FloatFlags flags)
    {
        int shift = RoundingShift;
        ulong roundMask = (1UL << shift) - 1;
        ulong half = 1UL << (shift - 1);
        int biased = exponent + Bias;
        if (biased <= 0)
            return RoundPackTiny(negative, biased, sig, mode, ref flags);

        ulong kept = sig >> shift;
        ulong roundBits = sig & roundMask;
        if (RoundsUp(negative, mode, roundBits, half, (kept & 1) != 0))
        {
            kept++;
            if ((kept >> (TF.FractionBits + 1)) != 0)
            {
                kept >>= 1;
                biased++;
            }
        }

        if (biased >= MaxExponentField)
            return Overflow(negative, mode, ref flags);
        if (roundBits != 0)
            flags |= FloatFlags.Inexact;
        return SignOf(negative) | ((ulong)biased << TF.FractionBits) | (kept & FractionMask);
    }

    /// <summary>
    /// The result's exponent is below the normal range: round at the subnormal position. Tininess is decided
    /// after rounding, as RISC-V requires: a value that rounds (at full precision) up to the smallest normal is
    /// not tiny.
    /// </summary>
    private static ulong RoundPackTiny(bool negative, int biased, ulong sig, RoundingMode mode, ref FloatFlags flags)
    {
        int shift = RoundingShift;
        ulong roundMask = (1UL << shift) - 1;
        ulong half = 1UL << (shift - 1);
        bool tiny = biased < 0;
        if (biased == 0)
        {
            ulong unboundedKept = sig >> shift;
            if (RoundsUp(negative, mode, sig & roundMask, half, (unboundedKept & 1) != 0))
                unboundedKept++;
            tiny = (unboundedKept >> (TF.FractionBits + 1)) == 0;
        }

        sig = ShiftRightJam(sig, 1 - biased);
        ulong kept = sig >> shift;
        ulong roundBits = sig & roundMask;
        if (RoundsUp(negative, mode, roundBits, half, (kept & 1) != 0))
            kept++;
        if (roundBits != 0)
            flags |= tiny ? FloatFlags.Inexact | FloatFlags.Underflow : FloatFlags.Inexact;

        // A carry into bit FractionBits is the smallest normal: it lands in the exponent field as 1.
        return SignOf(negative) | kept;
    }

    /// <summary>The result of an overflow: infinity, or the largest finite value when rounding away from it.</summary>
    internal static ulong Overflow(bool negative, RoundingMode mode, ref FloatFlags flags)
    {
        flags |= FloatFlags.Overflow | FloatFlags.Inexact;
        bool toInfinity = mode switch
        {
            RoundingMode.TowardZero => false,
            RoundingMode.Down => negative,
            RoundingMode.Up => !negative,
            _ => true,
        };
        return SignOf(negative) | (toInfinity ? PositiveInfinity : PositiveInfinity - 1);
    }

    /// <summary><see cref="RoundPack"/> for a nonzero significand whose leading bit may be anywhere.</summary>
    internal static ulong NormalizeRoundPack(bool negative, int exponent, ulong sig, RoundingMode mode, ref FloatFlags flags)
    {
        int leadingZeros = BitOperations.LeadingZeroCount(sig);
        if (leadingZeros == 0)
            return RoundPack(negative, exponent + 1, (sig >> 1) | (sig & 1), mode, ref flags);
        return RoundPack(negative, exponent - (leadingZeros - 1), sig << (leadingZeros - 1), mode, ref flags);
    }

    /// <summary>The canonical NaN, raising Invalid if <paramref name="signaling"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong NaNResult(bool signaling, ref FloatFlags flags)
    {
        if (signaling)
            flags |= FloatFlags.Invalid;
        return CanonicalNaN;
    }

    /// <summary>The canonical NaN of an invalid operation.</summary>
    internal static ulong InvalidResult(ref FloatFlags flags)
    {
        flags |= FloatFlags.Invalid;
        return CanonicalNaN;
    }
}
