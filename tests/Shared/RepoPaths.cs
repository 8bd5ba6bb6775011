namespace Translator.Testing;

/// <summary>Locates the repository and the guest build output from a test's working directory.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Guest => Path.Combine(Root, "guest");

    public static string GuestBuild => Path.Combine(Root, "guest", "build");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Translator.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Translator.sln not found above " + AppContext.BaseDirectory);
    }
}
