using System.Diagnostics;

namespace Translator.Testing;

/// <summary>
/// Scratch directories for tests: all of them under one directory per test process, which is deleted when the process
/// exits. A test host that is stopped before its deletion ends leaves the rest, which the next test process sweeps
/// away (the directory's name carries its process id), so test runs do not pile up in the temporary directory.
/// </summary>
public static class TestScratch
{
    private const string Prefix = "rvt-tests-";

    private static readonly Lazy<string> s_root = new(() =>
    {
        SweepLeftovers();
        string root = Path.Combine(Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(root);
        return root;
    });

    /// <summary>A new, empty directory whose name starts with <paramref name="prefix"/>.</summary>
    public static string NewDirectory(string prefix)
    {
        string path = Path.Combine(s_root.Value, prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    // Deletes the scratch directories of test processes that are no longer running.
    private static void SweepLeftovers()
    {
        foreach (string directory in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            string name = Path.GetFileName(directory);
            int dash = name.IndexOf('-', Prefix.Length);
            if (dash > 0 && int.TryParse(name.AsSpan(Prefix.Length, dash - Prefix.Length), out int pid) && !IsRunning(pid))
                TryDelete(directory);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // In use (another process's files still open): the next sweep gets it.
        }
    }
}
