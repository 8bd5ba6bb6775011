using Translator.Engines;
using Translator.Engines.Translation;
using Translator.Machines;

namespace Translator.UserMode;

/// <summary>Settings of a user-mode machine.</summary>
public sealed record UserMachineOptions
{
    /// <summary>
    /// The environment a program gets when no <c>--env</c> is given, kept small and fixed so that runs are
    /// reproducible: a PATH, HOME=/ and the C locale. <see cref="Environment"/> entries override or extend it.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultEnvironment = new[] { "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/", "LANG=C" };

    /// <summary>The execution engine.</summary>
    public EngineKind Engine { get; init; } = EngineKind.Interpreter;

    /// <summary>Block entries before the translator compiles a block; 0 compiles every block at once.</summary>
    public int JitThreshold { get; init; } = TranslatorEngine.DefaultJitThreshold;

    /// <summary>The translator compiles on a worker thread while the program runs on (see <see cref="TranslatorEngine"/>).</summary>
    public bool CompileInBackground { get; init; }

    /// <summary>Stop after this many instructions; null runs until the program exits.</summary>
    public ulong? MaxInstructions { get; init; }

    /// <summary>The directory the program's file accesses are confined to.</summary>
    public string RootDirectory { get; init; } = ".";

    /// <summary>The program's starting directory; the host's current one if inside the root, else the root.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>argv, starting with argv[0] (normally the program path as given).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = Array.Empty<string>();

    /// <summary>NAME=VALUE entries added to (or replacing those of) <see cref="DefaultEnvironment"/>.</summary>
    public IReadOnlyList<string> Environment { get; init; } = Array.Empty<string>();

    /// <summary>Print one line per syscall to <see cref="Diagnostics"/>.</summary>
    public bool Strace { get; init; }

    /// <summary>Stop at an unimplemented syscall instead of returning ENOSYS.</summary>
    public bool Strict { get; init; }

    /// <summary>Where warnings, strace lines and fatal-signal reports go.</summary>
    public TextWriter Diagnostics { get; init; } = TextWriter.Null;

    /// <summary>
    /// Let the <c>time</c> CSR follow the host's monotonic clock (the default); false derives it from retired
    /// instructions as system mode does, so that two runs read the same times (the difftest needs this).
    /// </summary>
    public bool HostTime { get; init; } = true;

    /// <summary>
    /// Refuse a second mapping of a file page already shared by another (mmap fails with ENOSYS and a warning): the
    /// difftest's reference keeps RAM as a private copy, which cannot show one view's stores through the other.
    /// </summary>
    public bool OneViewPerSharedFilePage { get; init; }

    /// <summary>
    /// Lets a tool wrap the engine the machine creates (difftest fault injection, tracing); null runs it as created.
    /// </summary>
    public Func<ExecutionEngine, ExecutionEngine>? EngineDecorator { get; init; }

    /// <summary>Guest RAM for page tables and pages (committed by the host only when touched).</summary>
    public ulong MemorySize { get; init; } = 2047UL << 20;

    /// <summary>The environment the program starts with: the defaults, overridden and extended by <see cref="Environment"/>.</summary>
    public IReadOnlyList<string> EffectiveEnvironment()
    {
        var entries = new List<string>(DefaultEnvironment);
        foreach (string entry in Environment)
        {
            string name = entry.Split('=')[0];
            entries.RemoveAll(e => e.Split('=')[0] == name);
            entries.Add(entry);
        }
        return entries;
    }
}
