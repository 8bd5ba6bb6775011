using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Translator.Generators;

namespace Translator.Generators.Tests;

/// <summary>A spec file held in memory, as the compiler hands AdditionalFiles to generators.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}

/// <summary>Runs <see cref="IsaGenerator"/> through CSharpGeneratorDriver over a compilation like Translator.Isa's.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static string Root { get; } = Translator.Testing.RepoPaths.Root;

    public static string SpecDirectory => Path.Combine(Root, "src", "Translator.Isa", "Spec");

    public static ImmutableArray<AdditionalText> RealSpecFiles()
        => Directory.GetFiles(SpecDirectory, "*.isa").Order(StringComparer.Ordinal)
            .Select(p => (AdditionalText)new InMemoryAdditionalText(p, File.ReadAllText(p)))
            .ToImmutableArray();

    /// <summary>The hand-written half of Translator.Isa plus the SDK's implicit usings.</summary>
    public static CSharpCompilation IsaCompilation()
    {
        var trees = Directory.GetFiles(Path.Combine(Root, "src", "Translator.Isa"), "*.cs")
            .Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), ParseOptions, p))
            .Append(CSharpSyntaxTree.ParseText(
                "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Threading; global using System.Threading.Tasks;",
                ParseOptions, "GlobalUsings.cs"));
        return CSharpCompilation.Create(
            "Translator.Isa",
            trees,
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
    }

    public static GeneratorDriver CreateDriver(ImmutableArray<AdditionalText> specs)
        => CSharpGeneratorDriver.Create(
            [new IsaGenerator().AsSourceGenerator()],
            specs,
            ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static IEnumerable<MetadataReference> References()
        => ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p));
}
