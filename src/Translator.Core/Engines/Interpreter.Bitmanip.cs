using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Translator.Engines;

// Zba, Zbb, Zbs and Zbc: most are one-line expressions in the main switch; the longer helpers live here.
public sealed partial class Interpreter
{
    /// <summary>clmul: the low 64 bits of the carry-less product of <paramref name="a"/> and <paramref name="b"/>.</summary>
    internal static ulong CarrylessMultiplyLow(ulong a, ulong b) => CarrylessProduct(a, b).Low;

    /// <summary>clmulh: the high 64 bits (127..64) of the carry-less product.</summary>
    internal static ulong CarrylessMultiplyHigh(ulong a, ulong b) => CarrylessProduct(a, b).High;

    /// <summary>clmulr: bits 126..63 of the carry-less product (the product of the bit-reversed operands, reversed).</summary>
    internal static ulong CarrylessMultiplyReversed(ulong a, ulong b)
    {
        var (low, high) = CarrylessProduct(a, b);
        return (high << 1) | (low >> 63);
    }

    // The 128-bit carry-less product: PCLMULQDQ where the host has it, else bit by bit.
    private static (ulong Low, ulong High) CarrylessProduct(ulong a, ulong b)
    {
        if (Pclmulqdq.IsSupported)
        {
            var product = Pclmulqdq.CarrylessMultiply(Vector128.CreateScalar(a), Vector128.CreateScalar(b), 0x00);
            return (product.GetElement(0), product.GetElement(1));
        }
        ulong low = 0, high = 0;
        for (int i = 0; i < 64; i++)
        {
            if (((b >> i) & 1) == 0)
                continue;
            low ^= a << i;
            if (i > 0)
                high ^= a >> (64 - i);
        }
        return (low, high);
    }

    private const ulong LowBitOfEachByte = 0x0101_0101_0101_0101;
    private const ulong HighBitOfEachByte = 0x8080_8080_8080_8080;

    /// <summary>orc.b: each byte becomes 0xFF if it has any bit set, else 0x00.</summary>
    internal static ulong OrCombineBytes(ulong value)
    {
        // The high bit of each byte of t is set iff that byte of value is nonzero (no carries cross bytes).
        ulong t = ((value & ~HighBitOfEachByte) + ~HighBitOfEachByte) | value;
        return ((t & HighBitOfEachByte) >> 7) * 0xFF;
    }
}
