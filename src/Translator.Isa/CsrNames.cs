namespace Translator.Isa;

/// <summary>CSR names as the disassembler prints them (from Spec/csr.isa).</summary>
public static partial class CsrNames
{
}
