using System.Globalization;
using Translator.Engines;
using Translator.Engines.Translation;
using Translator.Machines;
using Translator.Memory;

namespace Translator.Cli.Commands;

/// <summary>Prints the <c>--stats</c> report: one <c>key: value</c> per line, easy for scripts to read.</summary>
public static class RunStatistics
{
    /// <summary>Writes the statistics of a finished run.</summary>
    public static void Print(TextWriter output, RunResult result, MmuStatistics mmu, FunctionCounter? functions = null, ExecutionEngine? engine = null)
    {
        double seconds = Math.Max(result.Elapsed.TotalSeconds, 1e-9);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"stats: instructions-executed: {result.InstructionsExecuted}"));
        output.WriteLine(string.Create(c, $"stats: instructions-retired: {result.InstructionsRetired}"));
        output.WriteLine(string.Create(c, $"stats: seconds: {seconds:F3}"));
        output.WriteLine(string.Create(c, $"stats: mips: {result.InstructionsExecuted / seconds / 1e6:F1}"));
        output.WriteLine(string.Create(c, $"stats: tlb-hits: {mmu.TlbHits}"));
        output.WriteLine(string.Create(c, $"stats: tlb-misses: {mmu.TlbMisses}"));
        output.WriteLine(string.Create(c, $"stats: page-walks: {mmu.PageWalks}"));
        output.WriteLine(string.Create(c, $"stats: tlb-flushes: {mmu.Flushes}"));
        if (engine is TranslatorEngine translator)
            PrintTranslator(output, translator, c);
        if (functions != null)
            for (int i = 0; i < functions.Names.Count; i++)
                output.WriteLine(string.Create(c, $"stats: function {functions.Names[i]}: {functions.Counts[i]}"));
        output.WriteLine(string.Create(c, $"stats: exit: {(result.End == RunEnd.GuestExit ? result.ExitCode.ToString(c) + " via " + result.ExitSource : "instruction limit")}"));
    }

    private static void PrintTranslator(TextWriter output, TranslatorEngine translator, CultureInfo c)
    {
        var t = translator.Statistics;
        long total = Math.Max(t.TranslatedInstructions + t.InterpretedInstructions, 1);
        output.WriteLine(string.Create(c, $"stats: jit-translated-instructions: {t.TranslatedInstructions}"));
        output.WriteLine(string.Create(c, $"stats: jit-interpreted-instructions: {t.InterpretedInstructions}"));
        output.WriteLine(string.Create(c, $"stats: jit-translated-share: {100.0 * t.TranslatedInstructions / total:F2}%"));
        output.WriteLine(string.Create(c, $"stats: jit-blocks-translated: {t.BlocksTranslated}"));
        output.WriteLine(string.Create(c, $"stats: jit-translation-seconds: {t.TranslationTime.TotalSeconds:F3}"));
        output.WriteLine(string.Create(c, $"stats: jit-invalidations: {translator.Invalidations}"));
        output.WriteLine(string.Create(c, $"stats: jit-cache-flushes: {translator.Evictions}"));
        if (Environment.GetEnvironmentVariable("RVT_JIT_TOP") is { } top && int.TryParse(top, out int count))
        {
            foreach (var b in translator.Blocks.OrderByDescending(b => b.ExecutionCount).Take(count))
                output.WriteLine(string.Create(c, $"stats: block 0x{b.GuestPc:x} n={b.InstructionCount} runs={b.ExecutionCount} retired={b.InstructionsRetired} translated={b.IsTranslated} il={b.IlSize} exits={string.Join('/', b.Exits)}"));
        }
    }
}
