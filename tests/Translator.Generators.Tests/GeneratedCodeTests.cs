using Microsoft.CodeAnalysis;
using Xunit;

namespace Translator.Generators.Tests;

public class GeneratedCodeTests
{
    [Fact]
    public void RealSpecGivesNoDiagnosticsAndTheGeneratedCodeCompiles()
    {
        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.RealSpecFiles());
        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.IsaCompilation(), out var output, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error || d.Severity == DiagnosticSeverity.Warning).ToList();
        Assert.True(errors.Count == 0, "generated code does not compile cleanly:\n" + string.Join("\n", errors.Take(20)));

        var generated = driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.HintName).Order().ToList();
        Assert.Equal(["CsrNames.g.cs", "Decoder.g.cs", "Disassembler.g.cs", "InstructionTable.g.cs", "IsaFields.g.cs", "Opcode.g.cs"], generated);
    }

    [Fact]
    public void OpcodeNamesFollowTheContract()
    {
        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.RealSpecFiles()).RunGenerators(GeneratorHarness.IsaCompilation());
        string opcode = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == "Opcode.g.cs").SourceText.ToString();
        string[] members = opcode.Split('\n').Select(l => l.Trim()).Where(l => l.EndsWith(',') && !l.StartsWith("///", StringComparison.Ordinal)).Select(l => l.TrimEnd(',')).ToArray();
        Assert.Equal(["Invalid = 0", "Lui", "Auipc"], members.Take(3));
        foreach (string name in new[] { "Addi", "CAddi", "FcvtWS", "SfenceVma", "AmoaddW", "LrD", "FenceI", "AddUw", "Sh1addUw", "FmaddD", "FmvXW", "SextB", "Rev8", "OrcB", "CAddi4spn", "CFsdsp", "Mret", "Wfi" })
            Assert.Contains(name, members);
    }
}
