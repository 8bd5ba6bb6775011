using System.Text;
using Translator.Isa;

namespace Translator.Tools.Difftest;

/// <summary>
/// Formats a <see cref="Divergence"/> the way a person fixing it wants to read it: what differed, the block's
/// disassembly with the first differing instruction marked, the state before the block and both states after it
/// side by side with the differing fields marked, and the differing memory.
/// </summary>
public static class DivergenceReport
{
    private const string Marker = "  <<";

    /// <summary>The report as text (several lines, ending with a newline).</summary>
    public static string Format(Divergence divergence)
    {
        var text = new StringBuilder();
        text.AppendLine($"DIVERGENCE: {divergence.Summary}");
        text.AppendLine($"  {divergence.AgreedInstructions} instructions agreed; the block at 0x{divergence.BlockPc:x} ran {divergence.BlockLength} instructions");
        foreach (string note in divergence.Notes)
            text.AppendLine($"  {note}");

        if (divergence.Block.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("block (replayed by the reference):");
            for (int i = 0; i < divergence.Block.Count; i++)
            {
                var step = divergence.Block[i];
                bool first = divergence.FirstDifferingStep == i;
                text.Append(first ? "  >> " : "     ");
                text.Append(FormatInstruction(step));
                if (first) text.Append("    <- the states first differ after this instruction");
                text.AppendLine();
            }
            if (divergence.FirstDifferingStep is int s)
                text.AppendLine($"first differing instruction: {FormatInstruction(divergence.Block[s])}");
        }

        text.AppendLine();
        text.AppendLine($"state ('{Marker.Trim()}' marks a difference):");
        text.AppendLine($"  {"field",-22}{"before block",-20}{"reference",-20}{"subject",-20}");
        var before = divergence.StateBefore;
        var reference = divergence.Reference;
        var subject = divergence.Subject;
        for (int i = 0; i < ArchitecturalState.Count; i++)
        {
            bool differs = reference[i] != subject[i];
            if (!differs && before[i] == 0 && reference[i] == 0 && ArchitecturalState.Name(i).StartsWith("pmp", StringComparison.Ordinal))
                continue; // unused PMP entries are noise
            text.AppendLine($"  {ArchitecturalState.Name(i),-22}0x{before[i]:x16}  0x{reference[i]:x16}  0x{subject[i]:x16}{(differs ? Marker : "")}");
        }

        if (divergence.Memory.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("memory differences (physical address: reference | subject):");
            foreach (var m in divergence.Memory)
                text.AppendLine($"  0x{m.Address:x}: {Convert.ToHexString(m.Reference).ToLowerInvariant()} | {Convert.ToHexString(m.Subject).ToLowerInvariant()}");
        }
        return text.ToString();
    }

    /// <summary>"0x80000004  00a50533  add a0,a0,a0" for one replayed instruction.</summary>
    public static string FormatInstruction(BlockStep step)
    {
        if (step.Raw is not uint raw)
            return $"0x{step.Pc:x}  (not fetchable)";
        var decoded = Translator.Isa.Decoder.Decode(raw);
        string bits = decoded.Length == 2 ? $"{raw:x4}    " : $"{raw:x8}";
        return $"0x{step.Pc:x}  {bits}  {Disassembler.Format(decoded, step.Pc)}";
    }
}
