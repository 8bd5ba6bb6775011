namespace Translator.Isa.Tests.Oracle;

/// <summary>Repository locations used by the ISA tests.</summary>
internal static class TestPaths
{
    public static string Root => Translator.Testing.RepoPaths.Root;

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
}
