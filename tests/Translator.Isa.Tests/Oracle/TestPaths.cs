namespace Translator.Isa.Tests.Oracle;

/// <summary>Repository locations. (tests/Shared RepoPaths looks for Translator.sln; the solution is Translator.slnx.)</summary>
internal static class TestPaths
{
    public static string Root { get; } = FindRoot();

    public static string GuestBuild => Path.Combine(Root, "guest", "build");

    public static string Programs => Path.Combine(Root, "tests", "Translator.Isa.Tests", "Programs");

    /// <summary>Where oracle output is kept between runs: guest/build/oracle-cache when guest/build exists, else a temp folder.</summary>
    public static string OracleCache
    {
        get
        {
            string dir = Directory.Exists(GuestBuild)
                ? Path.Combine(GuestBuild, "oracle-cache")
                : Path.Combine(Path.GetTempPath(), "translator-oracle-cache");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Translator.slnx")) || File.Exists(Path.Combine(dir.FullName, "Translator.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Translator.slnx not found above " + AppContext.BaseDirectory);
    }
}
