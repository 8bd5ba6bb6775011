using System.Globalization;
using System.Text.Json;
using Translator.Engines.Translation;

namespace Translator.Tools.Profiling;

/// <summary>One translated unit in the profile.</summary>
/// <param name="GuestPc">The guest virtual address of its first instruction.</param>
/// <param name="Symbol">symbol+offset from the ELF, or null.</param>
/// <param name="Executions">How many times it was entered.</param>
/// <param name="GuestInstructions">Guest instructions in the unit.</param>
/// <param name="InstructionsRetired">Guest instructions it retired in total.</param>
/// <param name="Share">Estimated share of run time: its retired instructions over all instructions executed.</param>
/// <param name="IlBytes">Bytes of IL emitted.</param>
/// <param name="TranslationTime">Time to decode, emit and compile it.</param>
/// <param name="Exits">How it returned to the dispatcher, by kind.</param>
public sealed record ProfiledBlock(ulong GuestPc, string? Symbol, long Executions, int GuestInstructions, long InstructionsRetired,
    double Share, int IlBytes, TimeSpan TranslationTime, IReadOnlyDictionary<string, long> Exits);

/// <summary>
/// The hot-block profile of a run under the translator: the hottest translated units with their cost and
/// how they exited, plus totals (instructions interpreted versus translated, translation time).
/// </summary>
public sealed class BlockProfile
{
    // The profile's names for the translator's exit kinds.
    private static readonly Dictionary<BlockExitKind, string> ExitNames = new()
    {
        [BlockExitKind.Direct] = "chained",
        [BlockExitKind.Indirect] = "indirect",
        [BlockExitKind.Trap] = "trap",
        [BlockExitKind.Budget] = "interrupt-check",
        [BlockExitKind.StoreEnded] = "invalidated-or-stopped",
        [BlockExitKind.Interpret] = "slow-access",
    };

    private BlockProfile(IReadOnlyList<ProfiledBlock> blocks, long translated, long interpreted, TimeSpan translationTime,
        long blocksTranslated, long invalidations, long evictions)
    {
        Blocks = blocks;
        TranslatedInstructions = translated;
        InterpretedInstructions = interpreted;
        TranslationTime = translationTime;
        BlocksTranslated = blocksTranslated;
        Invalidations = invalidations;
        Evictions = evictions;
    }

    /// <summary>Translated units, hottest (most instructions retired) first.</summary>
    public IReadOnlyList<ProfiledBlock> Blocks { get; }

    /// <summary>Guest instructions run in translated code.</summary>
    public long TranslatedInstructions { get; }

    /// <summary>Guest instructions run by the interpreter.</summary>
    public long InterpretedInstructions { get; }

    /// <summary>Total time spent translating.</summary>
    public TimeSpan TranslationTime { get; }

    /// <summary>Units compiled.</summary>
    public long BlocksTranslated { get; }

    /// <summary>Units invalidated by writes to their code, fence.i or mapping changes.</summary>
    public long Invalidations { get; }

    /// <summary>Units evicted to bound translation memory.</summary>
    public long Evictions { get; }

    /// <summary>Collects the profile from a translator engine after a run.</summary>
    public static BlockProfile From(TranslatorEngine engine, SymbolMap symbols)
    {
        var stats = engine.Statistics;
        double total = Math.Max(stats.TranslatedInstructions + stats.InterpretedInstructions, 1);
        // One row per compiled unit: its entries' counts summed, named after the entry it was compiled for.
        var blocks = engine.Blocks
            .Where(b => b.IsTranslated)
            .GroupBy(b => b.UnitId)
            .Select(unit =>
            {
                var head = unit.OrderByDescending(b => b.TranslationTime).ThenBy(b => b.GuestPc).First();
                long retired = unit.Sum(b => b.InstructionsRetired);
                return new ProfiledBlock(head.GuestPc, symbols.Describe(head.GuestPc), unit.Sum(b => b.ExecutionCount), head.InstructionCount,
                    retired, retired / total, head.IlSize, new TimeSpan(unit.Sum(b => b.TranslationTime.Ticks)),
                    ExitNames.ToDictionary(e => e.Value, e => unit.Sum(b => b.Exits[(int)e.Key])));
            })
            .OrderByDescending(b => b.InstructionsRetired)
            .ToList();
        return new BlockProfile(blocks, stats.TranslatedInstructions, stats.InterpretedInstructions, stats.TranslationTime,
            stats.BlocksTranslated, engine.Invalidations, engine.Evictions);
    }

    /// <summary>Writes the hottest <paramref name="top"/> units and the totals as a table.</summary>
    public void WriteText(TextWriter output, int top = 20)
    {
        var c = CultureInfo.InvariantCulture;
        long total = TranslatedInstructions + InterpretedInstructions;
        output.WriteLine("profile: hottest translated units");
        output.WriteLine("  guest pc            symbol                          execs    insns       retired  share    IL  xlate-us  exits");
        foreach (var b in Blocks.Take(top))
        {
            string exits = string.Join(' ', b.Exits.Where(e => e.Value > 0).Select(e => $"{e.Key}={e.Value}"));
            string symbol = b.Symbol ?? "?";
            if (symbol.Length > 30) symbol = symbol[..29] + "~";
            output.WriteLine(string.Create(c,
                $"  0x{b.GuestPc,-16:x} {symbol,-30} {b.Executions,8} {b.GuestInstructions,6} {b.InstructionsRetired,13} {b.Share * 100,5:F1}% {b.IlBytes,5} {b.TranslationTime.TotalMicroseconds,9:F0}  {exits}"));
        }
        output.WriteLine(string.Create(c,
            $"profile: instructions translated {TranslatedInstructions} ({100.0 * TranslatedInstructions / Math.Max(total, 1):F2}%), interpreted {InterpretedInstructions}"));
        output.WriteLine(string.Create(c,
            $"profile: units translated {BlocksTranslated}, translation time {TranslationTime.TotalMilliseconds:F1} ms, invalidations {Invalidations}, evictions {Evictions}"));
    }

    /// <summary>Writes the whole profile as JSON.</summary>
    public void WriteJson(Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteNumber("instructionsTranslated", TranslatedInstructions);
        json.WriteNumber("instructionsInterpreted", InterpretedInstructions);
        json.WriteNumber("translationMilliseconds", TranslationTime.TotalMilliseconds);
        json.WriteNumber("unitsTranslated", BlocksTranslated);
        json.WriteNumber("invalidations", Invalidations);
        json.WriteNumber("evictions", Evictions);
        json.WriteStartArray("units");
        foreach (var b in Blocks)
        {
            json.WriteStartObject();
            json.WriteString("guestPc", "0x" + b.GuestPc.ToString("x", CultureInfo.InvariantCulture));
            if (b.Symbol != null) json.WriteString("symbol", b.Symbol);
            else json.WriteNull("symbol");
            json.WriteNumber("executions", b.Executions);
            json.WriteNumber("guestInstructions", b.GuestInstructions);
            json.WriteNumber("instructionsRetired", b.InstructionsRetired);
            json.WriteNumber("share", b.Share);
            json.WriteNumber("ilBytes", b.IlBytes);
            json.WriteNumber("translationMicroseconds", b.TranslationTime.TotalMicroseconds);
            json.WriteStartObject("exits");
            foreach (var (kind, count) in b.Exits) json.WriteNumber(kind, count);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
