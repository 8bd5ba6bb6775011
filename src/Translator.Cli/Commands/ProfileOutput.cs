using Translator.Engines;
using Translator.Engines.Translation;
using Translator.Loading;
using Translator.Tools.Profiling;

namespace Translator.Cli.Commands;

/// <summary>The <c>--profile</c> report shared by the commands that run guests.</summary>
public static class ProfileOutput
{
    /// <summary>
    /// Prints the hot-block profile to stderr, and writes it as JSON to <paramref name="jsonFile"/> if given; code is
    /// named by the symbols of <paramref name="image"/>, if any.
    /// </summary>
    public static void Write(ExecutionEngine engine, ElfImage? image, string? jsonFile)
    {
        if (engine is not TranslatorEngine translator)
        {
            Console.Error.WriteLine("rvt: --profile reports translated units; this run used the interpreter (--engine jit)");
            return;
        }
        SymbolMap symbols;
        try
        {
            symbols = new SymbolMap(image);
        }
        catch (GuestImageException e)
        {
            // The program ran from its program headers; only the names are missing.
            Console.Error.WriteLine($"rvt: --profile: no symbols: {e.Message}");
            symbols = new SymbolMap(null);
        }
        var profile = BlockProfile.From(translator, symbols);
        profile.WriteText(Console.Error);
        if (jsonFile == null) return;
        try
        {
            using var file = File.Create(jsonFile);
            profile.WriteJson(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The guest's run is over and its exit code stands; say why the file is missing.
            Console.Error.WriteLine($"rvt: --profile: cannot write {jsonFile}: {e.Message}");
        }
    }
}
