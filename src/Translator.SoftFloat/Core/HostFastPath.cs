using System.Runtime.CompilerServices;

namespace Translator.SoftFloat.Core;

/// <summary>
/// Round-to-nearest-even operations done by the host FPU, which rounds the same way, with exception flags derived
/// from cheap exact checks (error-free transformations, exact products, bit positions). Each method handles only
/// operands for which that derivation is proven exact (finite, away from overflow and from the subnormal range)
/// and hands every other case to <see cref="Soft{TF}"/>; the oracle tests check both paths.
/// </summary>
internal static partial class HostFastPath
{
    private const ulong DoubleMagnitude = 0x7FFF_FFFF_FFFF_FFFF;

    /// <summary>2^1023: below it, neither operand of a sum can make TwoSum's intermediates overflow.</summary>
    private const ulong DoubleHalfRange = 0x7FE0_0000_0000_0000;

    /// <summary>
    /// 2^-900: a product, quotient or square root at least this large is not tiny and its FMA residual is
    /// exactly representable (the residual's quantum stays above the smallest subnormal).
    /// </summary>
    private const ulong DoubleSafeMinimum = 0x07B0_0000_0000_0000;

    private const ulong DoubleInfinity = 0x7FF0_0000_0000_0000;

    /// <summary>Exponent field 2: binary32 results at least this large cannot be tiny, even before rounding.</summary>
    private const uint SingleSafeMinimum = 0x0100_0000;

    private const uint SingleInfinity = 0x7F80_0000;

    private const uint SingleMagnitude = 0x7FFF_FFFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double D(ulong bits) => BitConverter.UInt64BitsToDouble(bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double S(uint bits) => BitConverter.UInt32BitsToSingle(bits);

    /// <summary>Whether magnitude bits lie in [minimum, infinity): finite and not near the subnormal range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool InSafeRange(ulong magnitude, ulong minimum, ulong infinity) =>
        magnitude - minimum < infinity - minimum;

    /// <summary>The rounding error of x + y (Knuth's TwoSum); zero exactly when the sum is exact.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SumError(double x, double y, double sum)
    {
        double yPart = sum - x;
        return (x - (sum - yPart)) + (y - yPart);
    }
}
