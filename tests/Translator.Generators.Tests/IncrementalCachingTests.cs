using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Translator.Generators;
using Xunit;

namespace Translator.Generators.Tests;

public class IncrementalCachingTests
{
    private static readonly string[] s_steps =
    [
        IsaGenerator.Steps.SpecText, IsaGenerator.Steps.Parsed, IsaGenerator.Steps.Model, IsaGenerator.Steps.Diagnostics, IsaGenerator.Steps.Isa,
    ];

    [Fact]
    public void SecondRunWithUnchangedSpecIsFullyCached()
    {
        var compilation = GeneratorHarness.IsaCompilation();
        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.RealSpecFiles()).RunGenerators(compilation);

        // Unrelated C# edits must not make the generator redo any work.
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Translator.Isa; internal static class Unrelated { }", GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in s_steps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} is not tracked");
            foreach (var run in result.TrackedSteps[step])
            {
                foreach (var (_, reason) in run.Outputs)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step} output was {reason}");
            }
        }
        foreach (var (_, runs) in result.TrackedOutputSteps)
        {
            foreach (var run in runs)
            {
                foreach (var (_, reason) in run.Outputs)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output step was {reason}");
            }
        }
    }

    [Fact]
    public void EditingOneSpecFileReparsesOnlyThatFile()
    {
        var specs = GeneratorHarness.RealSpecFiles();
        var compilation = GeneratorHarness.IsaCompilation();
        var driver = GeneratorHarness.CreateDriver(specs).RunGenerators(compilation);

        var zbs = specs.Single(s => s.Path.EndsWith("zbs.isa", StringComparison.Ordinal));
        var editedZbs = new InMemoryAdditionalText(zbs.Path, zbs.GetText()!.ToString() + "\n# a comment only\n");
        driver = driver.ReplaceAdditionalText(zbs, editedZbs).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        var parseReasons = result.TrackedSteps[IsaGenerator.Steps.Parsed].SelectMany(r => r.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, parseReasons.Count(r => r == IncrementalStepRunReason.Modified || r == IncrementalStepRunReason.Unchanged));
        Assert.Equal(specs.Length - 1, parseReasons.Count(r => r == IncrementalStepRunReason.Cached));

        // The model holds no source positions, so a comment edit does not regenerate any code.
        var modelReasons = result.TrackedSteps[IsaGenerator.Steps.Isa].SelectMany(r => r.Outputs).Select(o => o.Reason).ToList();
        Assert.All(modelReasons, r => Assert.True(r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, r.ToString()));
    }
}
