using Xunit;

namespace Translator.SoftFloat.Tests;

/// <summary>Documented RISC-V and IEEE 754 identities, each on its own.</summary>
public sealed class IdentityTests
{
    private const uint One32 = 0x3F800000;
    private const uint PositiveZero32 = 0x00000000;
    private const uint NegativeZero32 = 0x80000000;
    private const uint QuietNaNWithPayload32 = 0xFFC12345;
    private const uint SignalingNaN32 = 0x7F800001;
    private const ulong One64 = 0x3FF0000000000000;
    private const ulong Two64 = 0x4000000000000000;
    private const ulong MaxFinite64 = 0x7FEFFFFFFFFFFFFF;
    private const ulong MinNormal64 = 0x0010000000000000;
    private const ulong PositiveZero64 = 0;
    private const ulong NegativeZero64 = 0x8000000000000000;

    private static ulong Bits(double value) => BitConverter.DoubleToUInt64Bits(value);

    [Fact]
    public void CanonicalNaNsArePositiveQuietAndPayloadFree()
    {
        Assert.Equal(0x7FC00000u, F32.CanonicalNaN);
        Assert.Equal(0x7FF8000000000000ul, F64.CanonicalNaN);
        Assert.Equal(FloatClass.QuietNaN, F32.Classify(F32.CanonicalNaN));
        Assert.Equal(FloatClass.QuietNaN, F64.Classify(F64.CanonicalNaN));
    }

    [Fact]
    public void QuietNaNOperandGivesCanonicalNaNWithoutFlags()
    {
        FloatFlags flags = FloatFlags.None;
        Assert.Equal(F32.CanonicalNaN, F32.Add(QuietNaNWithPayload32, One32, RoundingMode.NearestEven, ref flags));
        Assert.Equal(FloatFlags.None, flags);
    }

    [Fact]
    public void SignalingNaNOperandRaisesInvalid()
    {
        FloatFlags flags = FloatFlags.None;
        Assert.Equal(F32.CanonicalNaN, F32.Mul(SignalingNaN32, One32, RoundingMode.NearestEven, ref flags));
        Assert.Equal(FloatFlags.Invalid, flags);
    }

    [Fact]
    public void MinAndMaxOrderNegativeZeroBelowPositiveZero()
    {
        FloatFlags flags = FloatFlags.None;
        Assert.Equal(NegativeZero32, F32.Min(PositiveZero32, NegativeZero32, ref flags));
        Assert.Equal(PositiveZero32, F32.Max(NegativeZero32, PositiveZero32, ref flags));
        Assert.Equal(NegativeZero64, F64.Min(NegativeZero64, PositiveZero64, ref flags));
        Assert.Equal(FloatFlags.None, flags);
    }

    [Fact]
    public void MinReturnsTheNumberWhenOneOperandIsNaN()
    {
        FloatFlags flags = FloatFlags.None;
        Assert.Equal(One32, F32.Min(QuietNaNWithPayload32, One32, ref flags));
        Assert.Equal(FloatFlags.None, flags);
        Assert.Equal(One32, F32.Max(One32, SignalingNaN32, ref flags));
        Assert.Equal(FloatFlags.Invalid, flags);
    }

    [Fact]
    public void MinOfTwoNaNsIsCanonical()
    {
        FloatFlags flags = FloatFlags.None;
        Assert.Equal(F32.CanonicalNaN, F32.Min(QuietNaNWithPayload32, QuietNaNWithPayload32, ref flags));
    }

    [Theory]
    [InlineData(RoundingMode.NearestEven, PositiveZero64)]
    [InlineData(RoundingMode.TowardZero, PositiveZero64)]
    [InlineData(RoundingMode.Up, PositiveZero64)]
    [InlineData(RoundingMode.NearestMaxMagnitude, PositiveZero64)]
    [InlineData(RoundingMode.Down, NegativeZero64)]
    public void ExactZeroSumIsNegativeOnlyWhenRoundingDown(RoundingMode mode, ulong expected)
    {
        FloatFlags flags = FloatFlags.None;
        Assert.Equal(expected, F64.Add(Two64, Two64 | F64.SignBit, mode, ref flags));
        Assert.Equal(expected, F64.Sub(One64, One64, mode, ref flags));
        // fnmadd: -(1 * 1) - (-1) is an exact zero whose sign the rounding mode decides.
        Assert.Equal(expected, F64.NegMulAdd(One64, One64, One64 | F64.SignBit, mode, ref flags));
        Assert.Equal(FloatFlags.None, flags);
    }

    [Fact]
    public void DivisionByZero()
    {
        FloatFlags flags = FloatFlags.None;
        Assert.Equal(F64.PositiveInfinity, F64.Div(One64, PositiveZero64, RoundingMode.NearestEven, ref flags));
        Assert.Equal(FloatFlags.DivideByZero, flags);

        flags = FloatFlags.None;
        Assert.Equal(F64.CanonicalNaN, F64.Div(PositiveZero64, NegativeZero64, RoundingMode.NearestEven, ref flags));
        Assert.Equal(FloatFlags.Invalid, flags);
    }

    [Fact]
    public void FusedInfinityTimesZeroIsInvalidEvenWithQuietNaNAddend()
    {
        FloatFlags flags = FloatFlags.None;
        Assert.Equal(F64.CanonicalNaN, F64.MulAdd(F64.PositiveInfinity, PositiveZero64, F64.CanonicalNaN, RoundingMode.NearestEven, ref flags));
        Assert.Equal(FloatFlags.Invalid, flags);
    }

    [Theory]
    [InlineData(RoundingMode.NearestEven, F64.PositiveInfinity)]
    [InlineData(RoundingMode.NearestMaxMagnitude, F64.PositiveInfinity)]
    [InlineData(RoundingMode.Up, F64.PositiveInfinity)]
    [InlineData(RoundingMode.TowardZero, MaxFinite64)]
    [InlineData(RoundingMode.Down, MaxFinite64)]
    public void OverflowGivesInfinityOrLargestFiniteByMode(RoundingMode mode, ulong expected)
    {
        FloatFlags flags = FloatFlags.None;
        Assert.Equal(expected, F64.Mul(MaxFinite64, Two64, mode, ref flags));
        Assert.Equal(FloatFlags.Overflow | FloatFlags.Inexact, flags);
    }

    [Fact]
    public void TininessIsDetectedAfterRounding()
    {
        // 2^-126 * (1 - 2^-25) rounds (at 24 bits, unbounded exponent) up to 2^-126: not tiny, so no Underflow.
        FloatFlags flags = FloatFlags.None;
        Assert.Equal(0x00800000u, F32.FromF64(Bits(Math.ScaleB(1 - Math.ScaleB(1, -25), -126)), RoundingMode.NearestEven, ref flags));
        Assert.Equal(FloatFlags.Inexact, flags);

        // 2^-126 * (1 - 2^-24) is tiny (exact at 24 bits), yet rounds to the smallest normal at subnormal precision.
        flags = FloatFlags.None;
        Assert.Equal(0x00800000u, F32.FromF64(Bits(Math.ScaleB(1 - Math.ScaleB(1, -24), -126)), RoundingMode.NearestEven, ref flags));
        Assert.Equal(FloatFlags.Underflow | FloatFlags.Inexact, flags);

        // Same in binary64: min normal * (1 - 2^-53) is a tie at subnormal precision that rounds up to min normal.
        flags = FloatFlags.None;
        Assert.Equal(MinNormal64, F64.Mul(MinNormal64, 0x3FEFFFFFFFFFFFFF, RoundingMode.NearestEven, ref flags));
        Assert.Equal(FloatFlags.Underflow | FloatFlags.Inexact, flags);
    }

    [Fact]
    public void ConversionsToIntegerSaturate()
    {
        FloatFlags flags = FloatFlags.None;
        Assert.Equal(int.MaxValue, F64.ToInt32(F64.CanonicalNaN, RoundingMode.TowardZero, ref flags));
        Assert.Equal(int.MinValue, F64.ToInt32(F64.NegativeInfinity, RoundingMode.TowardZero, ref flags));
        Assert.Equal(uint.MaxValue, F32.ToUInt32(F32.CanonicalNaN, RoundingMode.TowardZero, ref flags));
        Assert.Equal(0u, F64.ToUInt32(Bits(-1.0), RoundingMode.TowardZero, ref flags));
        Assert.Equal(long.MaxValue, F64.ToInt64(Bits(9.3e18), RoundingMode.TowardZero, ref flags));
        Assert.Equal(FloatFlags.Invalid, flags);
    }

    [Fact]
    public void NegativeFractionToUnsignedRoundsToZeroInexactly()
    {
        FloatFlags flags = FloatFlags.None;
        Assert.Equal(0u, F64.ToUInt32(Bits(-0.5), RoundingMode.TowardZero, ref flags));
        Assert.Equal(FloatFlags.Inexact, flags);
    }

    [Fact]
    public void SqrtOfNegativeZeroIsNegativeZero()
    {
        FloatFlags flags = FloatFlags.None;
        Assert.Equal(NegativeZero64, F64.Sqrt(NegativeZero64, RoundingMode.NearestEven, ref flags));
        Assert.Equal(FloatFlags.None, flags);
    }

    [Fact]
    public void WideningConversionQuietsSignalingNaN()
    {
        FloatFlags flags = FloatFlags.None;
        Assert.Equal(F64.CanonicalNaN, F64.FromF32(SignalingNaN32, ref flags));
        Assert.Equal(FloatFlags.Invalid, flags);
    }

    [Fact]
    public void QuietComparisonRaisesInvalidOnlyForSignalingNaN()
    {
        FloatFlags flags = FloatFlags.None;
        Assert.False(F32.Eq(QuietNaNWithPayload32, QuietNaNWithPayload32, ref flags));
        Assert.True(F32.Eq(PositiveZero32, NegativeZero32, ref flags));
        Assert.Equal(FloatFlags.None, flags);
        Assert.False(F32.Lt(QuietNaNWithPayload32, One32, ref flags));
        Assert.Equal(FloatFlags.Invalid, flags);
    }

    [Theory]
    [InlineData(0u, 3u, true, RoundingMode.NearestEven)]
    [InlineData(4u, 0u, true, RoundingMode.NearestMaxMagnitude)]
    [InlineData(7u, 2u, true, RoundingMode.Down)]
    [InlineData(5u, 0u, false, default(RoundingMode))]
    [InlineData(6u, 0u, false, default(RoundingMode))]
    [InlineData(7u, 5u, false, default(RoundingMode))]
    public void RoundingModeFieldResolves(uint rmField, uint frm, bool valid, RoundingMode expected)
    {
        Assert.Equal(valid, RoundingModes.TryResolve(rmField, frm, out RoundingMode mode));
        if (valid)
            Assert.Equal(expected, mode);
    }

    [Fact]
    public void SingleNotNaNBoxedReadsAsCanonicalNaN()
    {
        Assert.Equal(One32, F32.Unbox(F32.NaNBox(One32)));
        Assert.Equal(F32.CanonicalNaN, F32.Unbox(One32));
        Assert.Equal(F32.CanonicalNaN, F32.Unbox(0x7FFFFFFF_3F800000));
    }
}
