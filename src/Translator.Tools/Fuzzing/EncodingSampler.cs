using Translator.Isa;

namespace Translator.Tools.Fuzzing;

/// <summary>
/// Draws random valid encodings of one instruction form from its spec pattern: the fixed bits come from
/// <see cref="InstructionInfo.EncodingMatch"/>, every other bit is random, and the word is kept only if it decodes
/// back to that form (reserved cases excluded) with a rounding mode that is static 0-4 or dynamic.
/// </summary>
public static class EncodingSampler
{
    private const int MaxAttempts = 100_000;
    private const byte DynamicRoundingMode = 7;

    /// <summary>A random word of <paramref name="form"/> that also satisfies <paramref name="accept"/>.</summary>
    /// <exception cref="InvalidOperationException">No such word was found (the form's pattern cannot produce one).</exception>
    public static DecodedInstruction Sample(Opcode form, FuzzRandom random, Func<DecodedInstruction, bool>? accept = null) =>
        TrySample(form, random, accept, MaxAttempts)
        ?? throw new InvalidOperationException($"no acceptable encoding of {InstructionTable.Get(form).Mnemonic} found");

    /// <summary>Like <see cref="Sample"/>, but gives up after <paramref name="attempts"/> tries and returns null.</summary>
    public static DecodedInstruction? TrySample(Opcode form, FuzzRandom random, Func<DecodedInstruction, bool>? accept, int attempts)
    {
        ref readonly var info = ref InstructionTable.Get(form);
        uint lengthMask = info.Length == 2 ? 0xFFFFu : 0xFFFF_FFFFu;
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            uint word = (info.EncodingMatch | ((uint)random.Next64() & ~info.EncodingMask)) & lengthMask;
            var d = Decoder.Decode(word);
            if (d.Form != form || !d.IsValid)
                continue;
            if (d.Info.Has(InstructionFlags.HasRoundingMode) && d.Rm > 4 && d.Rm != DynamicRoundingMode)
                continue;
            if (accept != null && !accept(d))
                continue;
            return d;
        }
        return null;
    }
}
