using System.Text;
using Translator.Tools.Difftest;

namespace Translator.Tools.Fuzzing;

/// <summary>Formats a fuzz failure: how to reproduce it, the program, its initial state, and the divergence report.</summary>
public static class FuzzReport
{
    /// <summary>The report as text.</summary>
    public static string Format(FuzzFailure failure, FuzzOptions options)
    {
        var p = failure.Program;
        var text = new StringBuilder();
        text.AppendLine($"fuzz: engines {options.Engines} diverged on program {p.Index} of seed {p.Seed}");
        text.AppendLine($"reproduce: rvt fuzz --seed {p.Seed} --first {p.Index} --count 1 --length {options.Length} --iterations {options.MaxIterations} --engines {options.Engines}");
        text.AppendLine();
        text.AppendLine($"program ({p.Iterations} iterations; '; ' marks the generator's own set-up, loop and exit code):");
        text.Append(p.Listing());
        text.AppendLine();
        text.AppendLine($"initial state: {p.Privilege} mode, frm {p.Frm}, fflags 0x{p.Fflags:x}, mstatus.FS {p.FloatState}, data at 0x{FuzzLayout.DataBase:x}");
        for (int r = 0; r < 32; r++)
            text.AppendLine($"  {ArchitecturalState.Name(r),-10}0x{p.X[r]:x16}    {ArchitecturalState.Name(ArchitecturalState.FirstFloat + r),-10}0x{p.F[r]:x16}");
        text.AppendLine();
        text.Append(DivergenceReport.Format(failure.Divergence));
        return text.ToString();
    }
}
