namespace Translator.SoftFloat.Core;

/// <summary>Describes an IEEE 754 binary interchange format; the software core is generic over it.</summary>
/// <remarks>
/// Implemented by empty structs so the JIT specialises every generic method per format and folds these
/// properties into constants.
/// </remarks>
internal interface IBinaryFormat
{
    /// <summary>Stored fraction bits (the significand without its implicit bit).</summary>
    static abstract int FractionBits { get; }

    /// <summary>Exponent field width.</summary>
    static abstract int ExponentBits { get; }
}

/// <summary>binary32 (RISC-V F).</summary>
internal readonly struct Binary32 : IBinaryFormat
{
    public static int FractionBits => 23;

    public static int ExponentBits => 8;
}

/// <summary>binary64 (RISC-V D).</summary>
internal readonly struct Binary64 : IBinaryFormat
{
    public static int FractionBits => 52;

    public static int ExponentBits => 11;
}
