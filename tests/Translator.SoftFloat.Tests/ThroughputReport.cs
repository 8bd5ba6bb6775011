using System.Diagnostics;
using Translator.SoftFloat.Core;
using Xunit;
using Xunit.Abstractions;

namespace Translator.SoftFloat.Tests;

/// <summary>
/// Nanoseconds per operation, host fast path against the software core, on typical operands (normal numbers of
/// moderate magnitude). Opt-in, since timing on a shared machine is not a test:
/// <c>SOFTFLOAT_BENCH=1 dotnet test -c Release --filter ThroughputReport</c>.
/// </summary>
public sealed class ThroughputReport(ITestOutputHelper output)
{
    private const int OperandCount = 4096;

    private delegate ulong Operation(ulong a, ulong b, ulong c, ref FloatFlags flags);

    [Fact]
    public void Report()
    {
        if (Environment.GetEnvironmentVariable("SOFTFLOAT_BENCH") != "1")
            return;

        var random = new Random(7);
        ulong[] doubles = new ulong[OperandCount], singles = new ulong[OperandCount];
        for (int i = 0; i < OperandCount; i++)
        {
            double value = (random.NextDouble() + 0.5) * Math.ScaleB(1, random.Next(-20, 21)) * (random.Next(2) == 0 ? 1 : -1);
            doubles[i] = (ulong)BitConverter.DoubleToInt64Bits(value);
            singles[i] = BitConverter.SingleToUInt32Bits((float)value);
        }
        ulong[] positiveDoubles = doubles.Select(d => d & ~F64.SignBit).ToArray();
        ulong[] positiveSingles = singles.Select(s => s & ~(ulong)F32.SignBit).ToArray();

        const RoundingMode Rne = RoundingMode.NearestEven;
        Measure("baseline", doubles, (ulong a, ulong b, ulong c, ref FloatFlags f) =>
            BitConverter.DoubleToUInt64Bits(BitConverter.UInt64BitsToDouble(a) + BitConverter.UInt64BitsToDouble(b)), null);
        const RoundingMode Rtz = RoundingMode.TowardZero;
        Measure("fadd.d", doubles, (ulong a, ulong b, ulong c, ref FloatFlags f) => F64.Add(a, b, Rne, ref f),
            (ulong a, ulong b, ulong c, ref FloatFlags f) => Soft<Binary64>.Add(a, b, Rne, ref f));
        Measure("fmul.d", doubles, (ulong a, ulong b, ulong c, ref FloatFlags f) => F64.Mul(a, b, Rne, ref f),
            (ulong a, ulong b, ulong c, ref FloatFlags f) => Soft<Binary64>.Mul(a, b, Rne, ref f));
        Measure("fdiv.d", doubles, (ulong a, ulong b, ulong c, ref FloatFlags f) => F64.Div(a, b, Rne, ref f),
            (ulong a, ulong b, ulong c, ref FloatFlags f) => Soft<Binary64>.Div(a, b, Rne, ref f));
        Measure("fsqrt.d", positiveDoubles, (ulong a, ulong b, ulong c, ref FloatFlags f) => F64.Sqrt(a, Rne, ref f),
            (ulong a, ulong b, ulong c, ref FloatFlags f) => Soft<Binary64>.Sqrt(a, Rne, ref f));
        Measure("fmadd.d", doubles, (ulong a, ulong b, ulong c, ref FloatFlags f) => F64.MulAdd(a, b, c, Rne, ref f),
            (ulong a, ulong b, ulong c, ref FloatFlags f) => Soft<Binary64>.MulAdd(a, b, c, false, false, Rne, ref f));
        Measure("fcvt.w.d rtz", doubles, (ulong a, ulong b, ulong c, ref FloatFlags f) => (ulong)F64.ToInt32(a, Rtz, ref f),
            (ulong a, ulong b, ulong c, ref FloatFlags f) => Soft<Binary64>.ToInteger(a, Rtz, ref f, true, 32));
        Measure("fcvt.d.l", doubles, (ulong a, ulong b, ulong c, ref FloatFlags f) => F64.FromInt64((long)a >> 20, Rne, ref f),
            (ulong a, ulong b, ulong c, ref FloatFlags f) => Soft<Binary64>.FromInteger((long)a < 0, (ulong)Math.Abs((long)a >> 20), Rne, ref f));
        Measure("fadd.d rtz", doubles, (ulong a, ulong b, ulong c, ref FloatFlags f) => F64.Add(a, b, Rtz, ref f), null);
        Measure("fmadd.d rtz", doubles, (ulong a, ulong b, ulong c, ref FloatFlags f) => F64.MulAdd(a, b, c, Rtz, ref f), null);

        Measure("fadd.s", singles, (ulong a, ulong b, ulong c, ref FloatFlags f) => F32.Add((uint)a, (uint)b, Rne, ref f),
            (ulong a, ulong b, ulong c, ref FloatFlags f) => Soft<Binary32>.Add(a, b, Rne, ref f));
        Measure("fmul.s", singles, (ulong a, ulong b, ulong c, ref FloatFlags f) => F32.Mul((uint)a, (uint)b, Rne, ref f),
            (ulong a, ulong b, ulong c, ref FloatFlags f) => Soft<Binary32>.Mul(a, b, Rne, ref f));
        Measure("fdiv.s", singles, (ulong a, ulong b, ulong c, ref FloatFlags f) => F32.Div((uint)a, (uint)b, Rne, ref f),
            (ulong a, ulong b, ulong c, ref FloatFlags f) => Soft<Binary32>.Div(a, b, Rne, ref f));
        Measure("fsqrt.s", positiveSingles, (ulong a, ulong b, ulong c, ref FloatFlags f) => F32.Sqrt((uint)a, Rne, ref f),
            (ulong a, ulong b, ulong c, ref FloatFlags f) => Soft<Binary32>.Sqrt(a, Rne, ref f));
        Measure("fmadd.s", singles, (ulong a, ulong b, ulong c, ref FloatFlags f) => F32.MulAdd((uint)a, (uint)b, (uint)c, Rne, ref f),
            (ulong a, ulong b, ulong c, ref FloatFlags f) => Soft<Binary32>.MulAdd(a, b, c, false, false, Rne, ref f));
    }

    private void Measure(string name, ulong[] operands, Operation api, Operation? software)
    {
        // Alternate the two in each trial and keep each one's best, so load from other processes hits both alike.
        double apiNs = double.MaxValue, softNs = double.MaxValue;
        for (int trial = 0; trial < 9; trial++)
        {
            apiNs = Math.Min(apiNs, TimePerOperation(operands, api));
            if (software is not null)
                softNs = Math.Min(softNs, TimePerOperation(operands, software));
        }
        if (software is null)
            output.WriteLine($"{name,-14} api {apiNs,6:F1} ns");
        else
            output.WriteLine($"{name,-14} api {apiNs,6:F1} ns   software {softNs,6:F1} ns   speedup {softNs / apiNs,5:F2}x");
    }

    private static double TimePerOperation(ulong[] operands, Operation operation)
    {
        const int Rounds = 40;
        ulong sink = 0;
        FloatFlags flags = FloatFlags.None;
        for (int warmup = 0; warmup < 4; warmup++)
            sink ^= Run(operands, operation, ref flags);
        var clock = Stopwatch.StartNew();
        for (int round = 0; round < Rounds; round++)
            sink ^= Run(operands, operation, ref flags);
        double elapsed = clock.Elapsed.TotalNanoseconds / (Rounds * (double)operands.Length);
        GC.KeepAlive(sink);
        return elapsed;
    }

    private static ulong Run(ulong[] operands, Operation operation, ref FloatFlags flags)
    {
        ulong sink = 0;
        int mask = operands.Length - 1;
        for (int i = 0; i < operands.Length; i++)
            sink ^= operation(operands[i], operands[(i + 1) & mask], operands[(i + 7) & mask], ref flags);
        return sink;
    }
}
