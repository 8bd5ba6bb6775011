using System.Globalization;
using Translator.Machines;
using Translator.Memory;

namespace Translator.Cli.Commands;

/// <summary>Prints the <c>--stats</c> report: one <c>key: value</c> per line, easy for scripts to read.</summary>
public static class RunStatistics
{
    /// <summary>Writes the statistics of a finished run.</summary>
    public static void Print(TextWriter output, RunResult result, MmuStatistics mmu, FunctionCounter? functions = null)
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
        if (functions != null)
            for (int i = 0; i < functions.Names.Count; i++)
                output.WriteLine(string.Create(c, $"stats: function {functions.Names[i]}: {functions.Counts[i]}"));
        output.WriteLine(string.Create(c, $"stats: exit: {(result.End == RunEnd.GuestExit ? result.ExitCode.ToString(c) + " via " + result.ExitSource : "instruction limit")}"));
    }
}
