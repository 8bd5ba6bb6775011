namespace Translator.Isa;

/// <summary>
/// Prints instructions exactly as <c>riscv64-unknown-elf-objdump -d -M no-aliases</c> (binutils 2.40)
/// prints them after the raw-bytes column, minus the symbol and comment annotations;
/// the deliberate differences are listed in OBJDUMP-EXCEPTIONS.md.
/// </summary>
public static partial class Disassembler
{
    /// <summary>A destination this long always holds the text of one instruction.</summary>
    public const int MaxLength = 64;

    /// <summary>Writes the text of <paramref name="inst"/> at address <paramref name="pc"/>; returns the number of chars written. Does not allocate.</summary>
    /// <exception cref="ArgumentException">The destination is too short (it never is with <see cref="MaxLength"/> chars).</exception>
    public static int Format(in DecodedInstruction inst, ulong pc, Span<char> destination)
    {
        var sink = new TextSink(destination);
        if (inst.Form == Opcode.Invalid || !FormatKnown(inst, pc, ref sink))
        {
            sink = new TextSink(destination);
            sink.Append(inst.Length == 2 ? ".2byte" : ".4byte");
            sink.Append('\t');
            sink.AppendHex(inst.Raw);
        }
        return sink.Length;
    }

    /// <summary>The text of <paramref name="inst"/> at address <paramref name="pc"/>.</summary>
    public static string Format(in DecodedInstruction inst, ulong pc)
    {
        Span<char> buffer = stackalloc char[MaxLength];
        int length = Format(inst, pc, buffer);
        return new string(buffer[..length]);
    }
}
