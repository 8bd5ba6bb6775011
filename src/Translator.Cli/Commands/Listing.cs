using System.Globalization;
using Translator.Isa;
using Translator.Loading;

namespace Translator.Cli.Commands;

/// <summary>
/// A disassembly listing: section and symbol headers, then one line per instruction with address,
/// raw bits and text, laid out like <c>objdump -d</c> so the two can be compared line by line.
/// </summary>
public sealed class Listing
{
    // Low bits 11111 announce an instruction longer than 32 bits.
    private const uint LongEncodingMask = 0x1F;
    private readonly ElfImage _image;
    private readonly Dictionary<ulong, string> _labels = new();
    private readonly List<ElfSymbol> _symbols;

    /// <summary>Prepares a listing of <paramref name="image"/>.</summary>
    public Listing(ElfImage image)
    {
        _image = image;
        // Mapping symbols ($x, $d...) mark code and data for tools; objdump does not show them as labels.
        _symbols = image.Symbols.Where(s => !s.Name.StartsWith('$')).ToList();
        foreach (var s in _symbols)
            _labels.TryAdd(s.Address, s.Name);
    }

    /// <summary>Writes the whole listing.</summary>
    public void Write(TextWriter output)
    {
        Span<char> text = stackalloc char[128];
        foreach (var section in _image.CodeSections)
        {
            output.WriteLine();
            output.WriteLine($"Disassembly of section {section.Name}:");
            var bytes = section.Contents;
            for (int offset = 0; offset + 2 <= bytes.Length;)
            {
                ulong pc = section.Address + (ulong)offset;
                if (_labels.TryGetValue(pc, out var label))
                {
                    output.WriteLine();
                    output.WriteLine($"{pc:x16} <{label}>:");
                }
                uint raw = (uint)(bytes[offset] | (bytes[offset + 1] << 8));
                if ((raw & LongEncodingMask) == LongEncodingMask)
                {
                    // 48-bit and longer encodings are not part of the ISA we decode; like objdump, show a parcel as data.
                    output.WriteLine($"{pc,8:x}:\t{raw:x4}                \t.2byte\t0x{raw:x}");
                    offset += 2;
                    continue;
                }
                int length = (raw & 3) == 3 && offset + 4 <= bytes.Length ? 4 : 2;
                if (length == 4)
                    raw |= (uint)(bytes[offset + 2] << 16 | bytes[offset + 3] << 24);
                var inst = Decoder.Decode(raw);
                int n = Disassembler.Format(inst, pc, text);
                string rawText = length == 4 ? raw.ToString("x8", CultureInfo.InvariantCulture) + "          " : raw.ToString("x4", CultureInfo.InvariantCulture) + "                ";
                output.Write($"{pc,8:x}:\t{rawText}\t");
                output.Write(text[..n]);
                if (TargetOf(inst, pc) is ulong target && Describe(target) is string where)
                    output.Write($" <{where}>");
                output.WriteLine();
                offset += length;
            }
        }
    }

    private static ulong? TargetOf(in DecodedInstruction inst, ulong pc)
    {
        var flags = InstructionTable.Get(inst.Opcode).Flags;
        bool direct = (flags & InstructionFlags.Branch) != 0 || inst.Opcode == Opcode.Jal;
        return direct ? pc + (ulong)inst.Imm : null;
    }

    // objdump names a target by the nearest symbol at or below it.
    private string? Describe(ulong target)
    {
        ElfSymbol? best = null;
        foreach (var s in _symbols)
        {
            if (s.Address > target) break;
            best = s;
        }
        if (best == null) return null;
        ulong delta = target - best.Address;
        return delta == 0 ? best.Name : $"{best.Name}+0x{delta:x}";
    }
}
