namespace Translator.SoftFloat;

/// <summary>
/// IEEE 754 rounding-direction attributes, numbered as the RISC-V <c>rm</c> field and <c>frm</c> CSR encode them.
/// </summary>
/// <remarks>
/// The encodings 5 and 6 are reserved and 7 means "dynamic" in an instruction; the caller resolves the dynamic
/// mode from <c>frm</c> and rejects reserved encodings before calling this library.
/// </remarks>
public enum RoundingMode : byte
{
    /// <summary>RNE: round to nearest, ties to even.</summary>
    NearestEven = 0,

    /// <summary>RTZ: round toward zero (truncate).</summary>
    TowardZero = 1,

    /// <summary>RDN: round down, toward negative infinity.</summary>
    Down = 2,

    /// <summary>RUP: round up, toward positive infinity.</summary>
    Up = 3,

    /// <summary>RMM: round to nearest, ties to max magnitude (away from zero).</summary>
    NearestMaxMagnitude = 4,
}
