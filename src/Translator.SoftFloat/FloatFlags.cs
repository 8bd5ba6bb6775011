namespace Translator.SoftFloat;

/// <summary>IEEE 754 exception flags, laid out as the RISC-V <c>fflags</c> CSR (NX, UF, OF, DZ, NV).</summary>
/// <remarks>Operations only ever set flags; they accumulate until the caller clears them.</remarks>
[Flags]
public enum FloatFlags : byte
{
    /// <summary>No exception.</summary>
    None = 0,

    /// <summary>NX: the rounded result differs from the exact result.</summary>
    Inexact = 1,

    /// <summary>UF: the result is tiny (detected after rounding) and inexact.</summary>
    Underflow = 2,

    /// <summary>OF: the rounded result's magnitude exceeds the largest finite number.</summary>
    Overflow = 4,

    /// <summary>DZ: a finite nonzero number was divided by zero.</summary>
    DivideByZero = 8,

    /// <summary>NV: invalid operation, such as a signaling NaN operand, 0 * inf or an out-of-range conversion.</summary>
    Invalid = 16,
}
