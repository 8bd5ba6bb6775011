using System.Diagnostics;
using System.Text;
using Translator.SoftFloat.Tests.Oracle;
using Xunit;
using Xunit.Abstractions;

namespace Translator.SoftFloat.Tests;

/// <summary>
/// Compares every operation, in every rounding mode, with real RISC-V instructions run under QEMU.
/// Cases come from a fixed seed per op, biased towards hard operands.
/// </summary>
public sealed class OracleTests(ITestOutputHelper output)
{
    /// <summary>Cases per op and rounding mode, times SOFTFLOAT_ORACLE_SCALE for a longer soak run.</summary>
    private static readonly int CasesPerMode = 40_000 * EnvironmentInt("SOFTFLOAT_ORACLE_SCALE", 1);

    /// <summary>Added to every op's fixed seed; SOFTFLOAT_ORACLE_SEED picks a different but reproducible set.</summary>
    private static readonly int SeedOffset = EnvironmentInt("SOFTFLOAT_ORACLE_SEED", 0);

    private static int EnvironmentInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int value) ? value : fallback;

    private const int MismatchesShown = 12;

    private static readonly RoundingMode[] AllModes =
    [
        RoundingMode.NearestEven, RoundingMode.TowardZero, RoundingMode.Down, RoundingMode.Up,
        RoundingMode.NearestMaxMagnitude,
    ];

    public static TheoryData<OracleOp> Ops() => new(Enum.GetValues<OracleOp>());

    [Theory]
    [MemberData(nameof(Ops))]
    public void MatchesRiscVHardwareSemantics(OracleOp op)
    {
        var clock = Stopwatch.StartNew();
        OracleRequest[] requests = GenerateCases(op);
        OracleResponse[] expected = FpuOracle.Run(requests);
        long oracleTicks = clock.ElapsedMilliseconds;

        var report = new StringBuilder();
        int mismatches = 0;
        for (int i = 0; i < requests.Length; i++)
        {
            OracleRequest q = requests[i];
            var mode = (RoundingMode)q.Rm;
            FloatFlags flags = FloatFlags.None;
            ulong result = LibraryUnderTest.Public(q.Op, q.A, q.B, q.C, mode, ref flags);
            Check("api", result, flags);

            FloatFlags softFlags = FloatFlags.None;
            ulong? softResult = LibraryUnderTest.SoftwareOnly(q.Op, q.A, q.B, q.C, mode, ref softFlags);
            if (softResult is ulong soft)
                Check("soft", soft, softFlags);

            void Check(string path, ulong actual, FloatFlags actualFlags)
            {
                if (actual == expected[i].Result && (ulong)actualFlags == expected[i].Flags)
                    return;
                if (mismatches++ < MismatchesShown)
                {
                    report.AppendLine(
                        $"{op.Mnemonic()} rm={mode} a={q.A:X16} b={q.B:X16} c={q.C:X16} [{path}]: " +
                        $"expected {expected[i].Result:X16} flags {(FloatFlags)expected[i].Flags}, " +
                        $"got {actual:X16} flags {actualFlags}");
                }
            }
        }

        output.WriteLine($"{op.Mnemonic()}: {requests.Length} cases, oracle {oracleTicks} ms, total {clock.ElapsedMilliseconds} ms");
        output.WriteLine("  expected flags: " + string.Join(", ", Enum.GetValues<FloatFlags>().Skip(1).Select(
            flag => $"{flag} {expected.Count(e => (e.Flags & (ulong)flag) != 0)}")));
        Assert.True(mismatches == 0, $"{mismatches} mismatches in {requests.Length} cases of {op.Mnemonic()}:\n{report}");
    }

    private static OracleRequest[] GenerateCases(OracleOp op)
    {
        var random = new Random(0x5F10A7 + (int)op + SeedOffset * 1000);
        bool isDouble = op.IsDouble();
        var generator = new OperandGenerator(random, isDouble);
        var otherFormat = new OperandGenerator(random, !isDouble);
        RoundingMode[] modes = op.UsesRoundingMode() ? AllModes : [RoundingMode.NearestEven];
        int perMode = op.UsesRoundingMode() ? CasesPerMode : CasesPerMode * AllModes.Length;
        var requests = new OracleRequest[modes.Length * perMode];
        int next = 0;
        foreach (RoundingMode mode in modes)
        {
            for (int i = 0; i < perMode; i++)
            {
                ulong a = 0, b = 0, c = 0;
                switch (op.Shape())
                {
                    case OperandShape.Unary:
                        a = generator.Next();
                        if (random.Next(4) != 0)
                            a &= isDouble ? ~F64.SignBit : ~(ulong)F32.SignBit; // mostly in sqrt's domain
                        break;
                    case OperandShape.ToInteger:
                        a = random.Next(2) == 0 ? generator.IntegerLike() : generator.Next();
                        break;
                    case OperandShape.FromInteger:
                        a = generator.Integer();
                        break;
                    case OperandShape.OtherFormat when isDouble:
                        a = otherFormat.Next(); // widening: any single
                        break;
                    case OperandShape.OtherFormat:
                        // Narrowing: any double, doubles around the single range, or singles nudged by a few ulps.
                        a = random.Next(3) switch
                        {
                            0 => otherFormat.Next(),
                            1 => otherFormat.WithExponent(random.Next(-160, 140)),
                            _ => Widen(generator.Next()) + (ulong)random.Next(-3, 4),
                        };
                        break;
                    case OperandShape.Binary:
                        a = generator.Next();
                        b = generator.Partner(a);
                        break;
                    case OperandShape.Ternary:
                        a = generator.Next();
                        b = generator.Partner(a);
                        c = generator.Addend(ApproximateProduct(a, b, isDouble));
                        break;
                }
                if (random.Next(2) == 0 && op.Shape() is OperandShape.Binary or OperandShape.Ternary)
                    (a, b) = (b, a);
                if (random.Next(5) == 0)
                    MakeExact(op, ref a, b, generator);
                else if (random.Next(4) == 0)
                    MakeNearRangeLimit(op, ref a, b, random);
                if (op == OracleOp.FaddSBoxed)
                    (a, b) = (Box(random, a), Box(random, b));
                requests[next++] = new OracleRequest { Op = op, Rm = (uint)mode, A = a, B = b, C = c };
            }
        }
        return requests;
    }

    /// <summary>
    /// Rewrites operand a so the exact result is representable or nearly so: quotients and roots of short
    /// significands, where the inexact flag hangs on the last bit.
    /// </summary>
    private static void MakeExact(OracleOp op, ref ulong a, ulong b, OperandGenerator generator)
    {
        bool isDouble = op.IsDouble();
        double Value(ulong bits) => isDouble ? BitConverter.Int64BitsToDouble((long)bits) : BitConverter.UInt32BitsToSingle((uint)bits);
        ulong ToBits(double value) => isDouble ? (ulong)BitConverter.DoubleToInt64Bits(value) : BitConverter.SingleToUInt32Bits((float)value);
        double shortValue = Value(generator.Short(op.IsDouble() ? 0 : 2));
        switch (op)
        {
            case OracleOp.FdivS or OracleOp.FdivD:
                a = ToBits(Value(b) * shortValue); // a / b == shortValue when the product was exact
                break;
            case OracleOp.FsqrtS or OracleOp.FsqrtD:
                a = ToBits(shortValue * shortValue) & ~(isDouble ? F64.SignBit : F32.SignBit);
                break;
        }
    }

    /// <summary>
    /// Rewrites operand a of a multiply or divide so the result lands within a few units of the smallest normal
    /// (where tininess after rounding decides Underflow) or of the largest finite value.
    /// </summary>
    private static void MakeNearRangeLimit(OracleOp op, ref ulong a, ulong b, Random random)
    {
        bool isDouble = op.IsDouble();
        double Value(ulong bits) => isDouble ? BitConverter.Int64BitsToDouble((long)bits) : BitConverter.UInt32BitsToSingle((uint)bits);
        double bValue = Value(b);
        if (!double.IsFinite(bValue) || bValue == 0)
            return;
        double limit = random.Next(3) switch
        {
            0 => isDouble ? double.MaxValue : float.MaxValue,
            _ => isDouble ? Math.ScaleB(1, -1022) : Math.ScaleB(1, -126),
        };
        // Nudge off the power of two by under an ulp, or a quotient target times b would be exact every time.
        double target = limit * (1 - random.NextDouble() * Math.ScaleB(1, isDouble ? -52 : -23)) * (random.Next(2) == 0 ? 1 : -1);
        double aValue = op switch
        {
            OracleOp.FmulS or OracleOp.FmulD => target / bValue,
            OracleOp.FdivS or OracleOp.FdivD => target * bValue,
            _ => double.NaN,
        };
        if (!double.IsFinite(aValue))
            return;
        ulong bits = isDouble ? (ulong)BitConverter.DoubleToInt64Bits(aValue) : BitConverter.SingleToUInt32Bits((float)aValue);
        a = bits + (ulong)random.Next(-2, 3);
    }

    /// <summary>Mostly NaN-boxed, sometimes with an upper half that is not all ones.</summary>
    private static ulong Box(Random random, ulong single) => random.Next(4) switch
    {
        0 => (uint)single | ((ulong)random.Next() << 32),
        1 => (uint)single | ((ulong)(uint)~(1 << random.Next(32)) << 32),
        _ => F32.NaNBox((uint)single),
    };

    /// <summary>A single-precision value's bits as a double, so narrowing sees values that fit exactly too.</summary>
    private static ulong Widen(ulong single) =>
        (ulong)BitConverter.DoubleToInt64Bits(BitConverter.UInt32BitsToSingle((uint)single));

    private static ulong ApproximateProduct(ulong a, ulong b, bool isDouble) => isDouble
        ? (ulong)BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble((long)a) * BitConverter.Int64BitsToDouble((long)b))
        : BitConverter.SingleToUInt32Bits(BitConverter.UInt32BitsToSingle((uint)a) * BitConverter.UInt32BitsToSingle((uint)b));
}
