namespace Translator.Testing;

/// <summary>Builds the guest programs from source (make -C guest) once per test run.</summary>
public static class GuestBuild
{
    private static readonly Lazy<string> Built = new(BuildAll, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Builds everything under guest/ if needed and returns the build directory.</summary>
    public static string EnsureBuilt() => Built.Value;

    /// <summary>The ELF files under a folder of the guest build, sorted by name.</summary>
    public static IEnumerable<string> Programs(string folder, string pattern = "*.elf")
    {
        string dir = Path.Combine(EnsureBuilt(), folder);
        return Directory.Exists(dir) ? Directory.GetFiles(dir, pattern).OrderBy(p => p, StringComparer.Ordinal) : Enumerable.Empty<string>();
    }

    private static string BuildAll()
    {
        var result = ProcessRunner.Run("make", new[] { "-C", RepoPaths.Guest, "-j2", "all" }, TimeSpan.FromMinutes(20));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"make -C guest failed ({result.ExitCode}):\n{result.Stdout}\n{result.Stderr}");
        return RepoPaths.GuestBuild;
    }
}
