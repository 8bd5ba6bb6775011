namespace Translator.Isa;

/// <summary>
/// Decodes RV64GC + Zba/Zbb/Zbs instruction words. The dispatch tree and the per-instruction
/// operand extraction are generated from Spec/*.isa; decoding allocates nothing.
/// </summary>
public static partial class Decoder
{
}
