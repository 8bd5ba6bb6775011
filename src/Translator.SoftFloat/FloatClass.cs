namespace Translator.SoftFloat;

/// <summary>The bits of the 10-bit mask that RISC-V <c>fclass.s</c>/<c>fclass.d</c> return; exactly one is set.</summary>
public static class FloatClass
{
    /// <summary>Bit 0: negative infinity.</summary>
    public const uint NegativeInfinity = 1u << 0;

    /// <summary>Bit 1: negative normal number.</summary>
    public const uint NegativeNormal = 1u << 1;

    /// <summary>Bit 2: negative subnormal number.</summary>
    public const uint NegativeSubnormal = 1u << 2;

    /// <summary>Bit 3: negative zero.</summary>
    public const uint NegativeZero = 1u << 3;

    /// <summary>Bit 4: positive zero.</summary>
    public const uint PositiveZero = 1u << 4;

    /// <summary>Bit 5: positive subnormal number.</summary>
    public const uint PositiveSubnormal = 1u << 5;

    /// <summary>Bit 6: positive normal number.</summary>
    public const uint PositiveNormal = 1u << 6;

    /// <summary>Bit 7: positive infinity.</summary>
    public const uint PositiveInfinity = 1u << 7;

    /// <summary>Bit 8: signaling NaN.</summary>
    public const uint SignalingNaN = 1u << 8;

    /// <summary>Bit 9: quiet NaN.</summary>
    public const uint QuietNaN = 1u << 9;
}
