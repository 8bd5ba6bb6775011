using Translator.Machines;

namespace Translator.Tools.Difftest;

/// <summary>The two engines a difftest compares: the trusted reference and the subject under test.</summary>
/// <param name="Reference">The reference engine (the interpreter).</param>
/// <param name="Subject">The engine under test.</param>
public sealed record EnginePair(EngineKind Reference, EngineKind Subject)
{
    /// <summary>
    /// The interpreter against the newest engine: the translator once it exists, the interpreter against itself
    /// until then (which still checks the harness and the interpreter's fast paths against its slow ones).
    /// </summary>
    public static EnginePair Default { get; } = new(EngineKind.Interpreter, Enum.GetValues<EngineKind>().Max());

    /// <summary>Parses "interp,jit" (reference first); names as <c>--engine</c> takes them.</summary>
    /// <exception cref="FormatException">The text does not name two known engines.</exception>
    public static EnginePair Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
            throw new FormatException($"expected two engines separated by a comma, got '{text}'");
        return new EnginePair(ParseEngine(parts[0]), ParseEngine(parts[1]));
    }

    /// <summary>The engine a command-line name selects: "interp" or "jit".</summary>
    /// <exception cref="FormatException">The name is unknown, or names an engine this build does not have.</exception>
    public static EngineKind ParseEngine(string name)
    {
        if (name == "interp")
            return EngineKind.Interpreter;
        if (name == "jit" && Enum.TryParse<EngineKind>("Translator", out var translator))
            return translator;
        throw new FormatException($"unknown engine '{name}'" + (name == "jit" ? " (this build has no translator yet)" : "; use interp or jit"));
    }

    /// <summary>The command-line name of an engine.</summary>
    public static string NameOf(EngineKind kind) => kind == EngineKind.Interpreter ? "interp" : "jit";

    /// <inheritdoc/>
    public override string ToString() => $"{NameOf(Reference)},{NameOf(Subject)}";
}
