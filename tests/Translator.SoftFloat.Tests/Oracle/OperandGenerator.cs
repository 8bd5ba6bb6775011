namespace Translator.SoftFloat.Tests.Oracle;

/// <summary>
/// Random operands for one binary format, biased towards the values where floating point is hard: zeros,
/// infinities, NaNs, subnormals, range limits, integer-conversion limits, ties and near-cancellation.
/// </summary>
public sealed class OperandGenerator(Random random, bool isDouble)
{
    private readonly int fractionBits = isDouble ? 52 : 23;
    private readonly int exponentBits = isDouble ? 11 : 8;

    private int Bias => (1 << (exponentBits - 1)) - 1;
    private int MaxExponentField => (1 << exponentBits) - 1;
    private ulong SignBit => 1UL << (fractionBits + exponentBits);
    private ulong FractionMask => (1UL << fractionBits) - 1;
    private ulong QuietBit => 1UL << (fractionBits - 1);

    private ulong Bits(int bitCount) => bitCount == 0 ? 0 : NextUInt64() >> (64 - bitCount);

    private ulong NextUInt64()
    {
        Span<byte> bytes = stackalloc byte[8];
        random.NextBytes(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    private ulong RandomSign() => random.Next(2) == 0 ? 0 : SignBit;

    /// <summary>A fraction with structure: all ones, all zeros, a few top bits, a single bit, or random.</summary>
    public ulong Fraction() => random.Next(8) switch
    {
        0 => 0,
        1 => FractionMask,
        2 => FractionMask & ~(Bits(fractionBits) >> random.Next(fractionBits)), // trailing pattern of ones
        3 => Bits(fractionBits) & ~(FractionMask >> random.Next(1, fractionBits + 1)), // few significant bits
        4 => 1UL << random.Next(fractionBits),
        _ => Bits(fractionBits),
    };

    public ulong Pack(ulong sign, int exponentField, ulong fraction) =>
        sign | ((ulong)exponentField << fractionBits) | (fraction & FractionMask);

    /// <summary>A finite number whose unbiased exponent is <paramref name="exponent"/> (clamped to the format).</summary>
    public ulong WithExponent(int exponent)
    {
        int field = Math.Clamp(exponent + Bias, 0, MaxExponentField - 1);
        ulong fraction = Fraction();
        if (field == 0 && fraction == 0)
            fraction = 1;
        return Pack(RandomSign(), field, fraction);
    }

    /// <summary>A number near 2^<paramref name="exponent"/> with at most half the significand bits in use.</summary>
    public ulong Short(int exponent)
    {
        int bitsUsed = random.Next(fractionBits / 2 + 1);
        return Pack(RandomSign(), exponent + Bias, Bits(bitsUsed) << (fractionBits - bitsUsed));
    }

    /// <summary>Any operand, with hard cases heavily represented.</summary>
    public ulong Next() => random.Next(24) switch
    {
        0 => RandomSign(), // zero
        1 => RandomSign() | Pack(0, MaxExponentField, 0), // infinity
        2 => RandomSign() | Pack(0, MaxExponentField, QuietBit | Bits(fractionBits - 1)), // quiet NaN
        3 => RandomSign() | Pack(0, MaxExponentField, Math.Max(1, Bits(fractionBits - 1))), // signaling NaN
        4 or 5 => Pack(RandomSign(), 0, Math.Max(1, Fraction())), // subnormal
        6 => Pack(RandomSign(), random.Next(1, 3), Fraction()), // smallest normals
        7 => Pack(RandomSign(), MaxExponentField - random.Next(1, 3), Fraction()), // largest finite
        8 or 9 => WithExponent(random.Next(-4, 5)), // near one
        10 or 11 => IntegerLike(),
        12 => Bits(fractionBits + exponentBits + 1),
        _ => Pack(RandomSign(), random.Next(1, MaxExponentField), Fraction()),
    };

    /// <summary>Values around integer-conversion limits and half-integers.</summary>
    public ulong IntegerLike()
    {
        double integer = random.Next(8) switch
        {
            0 => random.Next(-4, 5),
            1 => Math.ScaleB(1, 31) + random.Next(-3, 4),
            2 => -Math.ScaleB(1, 31) + random.Next(-3, 4),
            3 => Math.ScaleB(1, 32) + random.Next(-3, 4),
            4 => Math.ScaleB(1, random.Next(20, 66)) * (random.Next(2) == 0 ? 1 : -1),
            5 => Math.ScaleB(1, 63) * (random.Next(2) == 0 ? 1 : -1),
            6 => Math.ScaleB(1, 64),
            _ => random.NextInt64(-1000, 1000),
        };
        double fraction = random.Next(6) switch
        {
            0 => 0,
            1 => 0.5,
            2 => -0.5,
            3 => 0.25 * random.Next(-3, 4),
            _ => random.NextDouble() * 2 - 1,
        };
        double value = integer + fraction;
        ulong bits = isDouble ? (ulong)BitConverter.DoubleToInt64Bits(value) : BitConverter.SingleToUInt32Bits((float)value);
        // Step a few units in the last place either way to reach the values either side of a limit.
        return random.Next(3) == 0 ? bits + (ulong)random.Next(-2, 3) : bits;
    }

    /// <summary>An addend near <paramref name="product"/> (or its negation), for cancellation in fused multiply-add.</summary>
    public ulong Addend(ulong product) => random.Next(4) == 0 ? Next() : Partner(product);

    /// <summary>A random 64-bit integer operand: small, near a power of two, near the 24/53-bit limits, or any.</summary>
    public ulong Integer() => random.Next(6) switch
    {
        0 => (ulong)random.Next(-8, 9),
        1 => (1UL << random.Next(64)) + (ulong)random.Next(-3, 4),
        2 => (NextUInt64() >> random.Next(64)) * (random.Next(2) == 0 ? 1UL : ulong.MaxValue),
        3 => ((NextUInt64() >> random.Next(64)) | 1) << random.Next(0, 40), // few significant bits: exact or ties
        4 => (ulong)(long)(int)NextUInt64(),
        _ => NextUInt64(),
    };

    /// <summary>A second operand related to <paramref name="a"/>: close exponent, near-equal or near-negated, or any.</summary>
    public ulong Partner(ulong a)
    {
        int exponentField = (int)(a >> fractionBits) & MaxExponentField;
        if (exponentField == MaxExponentField || random.Next(3) == 0)
            return Next();
        int exponent = exponentField - Bias;
        return random.Next(7) switch
        {
            0 => (a ^ (random.Next(2) == 0 ? SignBit : 0)) + (ulong)random.Next(-3, 4), // cancellation or doubling
            1 => WithExponent(exponent + random.Next(-3, 4)),
            2 => WithExponent(exponent - random.Next(fractionBits - 2, fractionBits + 4)), // around half an ulp
            3 => WithExponent(random.Next(2) == 0 ? Bias - exponent + random.Next(-3, 4) : -Bias - exponent + random.Next(-fractionBits - 3, 4)), // products near the range limits
            4 => WithExponent(random.Next(2) == 0 ? exponent - Bias + random.Next(-3, 4) : exponent + Bias + random.Next(-3, fractionBits + 4)), // quotients near the range limits
            _ => WithExponent(exponent + random.Next(-70, 71)),
        };
    }
}
