namespace Translator.Engines;

// Zba, Zbb and Zbs: most are one-line expressions in the main switch; the longer helpers live here.
public sealed partial class Interpreter
{
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
