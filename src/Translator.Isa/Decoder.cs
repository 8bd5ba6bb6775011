namespace Translator.Isa;

/// <summary>
/// Decodes RV64GC + Zba/Zbb/Zbc/Zbs instruction words. The dispatch tree and the per-instruction
/// operand extraction are generated from Spec/*.isa; decoding allocates nothing.
/// </summary>
public static partial class Decoder
{
    /// <summary>
    /// The length in bytes (2 or 4) of the instruction whose first 16-bit parcel is given: a fetch
    /// needs the second parcel (which may sit on the next page) only when this is 4.
    /// </summary>
    public static int GetLength(uint firstParcel) => (firstParcel & 3) != 3 ? 2 : 4;
}
