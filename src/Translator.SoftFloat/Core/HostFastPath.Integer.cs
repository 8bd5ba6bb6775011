using System.Runtime.CompilerServices;

namespace Translator.SoftFloat.Core;

/// <summary>Conversions between floating-point values and integers that the host does exactly.</summary>
internal static partial class HostFastPath
{
    /// <summary>|x| below this (2^30 as binary64 bits) rounds to an integer that fits any 32-bit target.</summary>
    internal const ulong DoubleInt32SafeLimit = 0x41D0_0000_0000_0000;

    /// <summary>|x| below this (2^62 as binary64 bits) rounds to an integer that fits any 64-bit target.</summary>
    internal const ulong DoubleInt64SafeLimit = 0x43D0_0000_0000_0000;

    /// <summary>2^30 as binary32 bits.</summary>
    internal const uint SingleInt32SafeLimit = 0x4E80_0000;

    /// <summary>2^62 as binary32 bits.</summary>
    internal const uint SingleInt64SafeLimit = 0x5E80_0000;

    /// <summary>
    /// Rounds a finite value known to fit the target integer type, in any mode: each mode has an exact host
    /// rounding function.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long RoundToInteger(double x, RoundingMode mode, ref FloatFlags flags)
    {
        double rounded = mode switch
        {
            RoundingMode.NearestEven => Math.Round(x),
            RoundingMode.TowardZero => Math.Truncate(x),
            RoundingMode.Down => Math.Floor(x),
            RoundingMode.Up => Math.Ceiling(x),
            _ => Math.Round(x, MidpointRounding.AwayFromZero),
        };
        if (rounded != x)
            flags |= FloatFlags.Inexact;
        return (long)rounded;
    }

    /// <summary>Whether an integer converts exactly to a format with this many significand bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsExact(long value, int significandBits) =>
        (ulong)(value + (1L << significandBits)) <= (1UL << (significandBits + 1));
}
