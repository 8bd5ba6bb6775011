namespace Translator.Machines;

/// <summary>Which execution engine runs the guest.</summary>
public enum EngineKind
{
    /// <summary>The reference interpreter.</summary>
    Interpreter,

    /// <summary>The block translator (hot blocks compiled to IL, the rest interpreted).</summary>
    Translator,
}
