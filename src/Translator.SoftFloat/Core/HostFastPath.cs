using System.Runtime.CompilerServices;

namespace Translator.SoftFloat.Core;

/// <summary>Round-to-nearest-even operations tried on host hardware first (placeholder: software only).</summary>
internal static class HostFastPath
{
    internal static ulong Add(ulong a, ulong b, ref FloatFlags flags) => Soft<Binary64>.Add(a, b, RoundingMode.NearestEven, ref flags);
    internal static ulong Mul(ulong a, ulong b, ref FloatFlags flags) => Soft<Binary64>.Mul(a, b, RoundingMode.NearestEven, ref flags);
    internal static ulong Div(ulong a, ulong b, ref FloatFlags flags) => Soft<Binary64>.Div(a, b, RoundingMode.NearestEven, ref flags);
    internal static ulong Sqrt(ulong a, ref FloatFlags flags) => Soft<Binary64>.Sqrt(a, RoundingMode.NearestEven, ref flags);
    internal static uint SingleAdd(uint a, uint b, ref FloatFlags flags) => (uint)Soft<Binary32>.Add(a, b, RoundingMode.NearestEven, ref flags);
    internal static uint SingleMul(uint a, uint b, ref FloatFlags flags) => (uint)Soft<Binary32>.Mul(a, b, RoundingMode.NearestEven, ref flags);
    internal static uint SingleDiv(uint a, uint b, ref FloatFlags flags) => (uint)Soft<Binary32>.Div(a, b, RoundingMode.NearestEven, ref flags);
    internal static uint SingleSqrt(uint a, ref FloatFlags flags) => (uint)Soft<Binary32>.Sqrt(a, RoundingMode.NearestEven, ref flags);
}
