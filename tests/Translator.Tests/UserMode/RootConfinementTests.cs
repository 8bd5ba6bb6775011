using Translator.Loading;
using Translator.Testing;
using Translator.UserMode;
using Translator.UserMode.Files;
using Xunit;

namespace Translator.Tests.UserMode;

/// <summary>No path, <c>..</c> or symlink lets a program reach outside its root.</summary>
public sealed class RootConfinementTests : IDisposable
{
    private const int Eacces = 13, Eloop = 40;
    private readonly string _base;
    private readonly string _root;
    private readonly string _outside;

    public RootConfinementTests()
    {
        _base = Directory.CreateTempSubdirectory("rvt-confine-").FullName;
        _root = Path.Combine(_base, "root");
        Directory.CreateDirectory(Path.Combine(_root, "sub"));
        _outside = Path.Combine(_base, "outside.txt");
        File.WriteAllText(_outside, "secret");
        File.WriteAllText(Path.Combine(_root, "inside.txt"), "inside");
        File.CreateSymbolicLink(Path.Combine(_root, "link_out"), "..");
        File.CreateSymbolicLink(Path.Combine(_root, "abs_link"), _outside);
        File.CreateSymbolicLink(Path.Combine(_root, "sub", "up_inside"), "../inside.txt");
        File.CreateSymbolicLink(Path.Combine(_root, "loop"), "loop");
    }

    public void Dispose() => Directory.Delete(_base, recursive: true);

    [Fact]
    public void ProgramCannotEscapeByAnyPath()
    {
        var result = ProcessRunner.Run("dotnet", new[]
        {
            Path.Combine(AppContext.BaseDirectory, "rvt.dll"), "run", "--root", _root, UserModeRun.Program("root_escape"), _outside,
        }, workingDirectory: _root);
        Assert.Equal(0, result.ExitCode);
        string denied = "Permission denied";
        string expected = string.Join("\n",
            "open inside.txt                   opened",
            "open ./sub/../inside.txt          opened",
            "open ../outside.txt               " + denied,
            "open ../outside.txt               " + denied,
            "open ../../../../../../../../etc/passwd " + denied,
            $"open {_outside,-28} {denied}",
            "open /etc/passwd                  " + denied,
            "open link_out/outside.txt         " + denied,
            "open abs_link                     " + denied,
            "open abs_link                     " + denied,
            "open link_out/new_file.txt        " + denied,
            "open /dev/null                    opened",
            "stat ../outside.txt: " + denied,
            "lstat abs_link (the link itself): ok",
            "mkdir ../made: " + denied,
            "unlink ../outside.txt: " + denied,
            "rename inside.txt to ../stolen.txt: " + denied,
            "stat .. and /: ok",
            "open ..                           " + denied,
            "open /                            " + denied,
            "realpath(.) is the working directory: 1",
            "mknod ../fifo: " + denied,
            "mknod char device: Operation not permitted",
            "bind ../escaped.sock: " + denied,
            "bind link_out/escaped.sock: " + denied,
            "connect ../outside.txt: " + denied,
            "bind inside.sock: done",
            "chdir ..: " + denied,
            "chdir link_out: " + denied,
            "chdir / : " + denied) + "\n";
        Assert.Equal(expected, result.Stdout);
        Assert.Equal("secret", File.ReadAllText(_outside));
        Assert.Equal(new[] { "outside.txt", "root" }, Directory.GetFileSystemEntries(_base).Select(Path.GetFileName).Order().ToArray());
    }

    [Theory]
    [InlineData("inside.txt", "inside.txt")]
    [InlineData("sub/../inside.txt", "inside.txt")]
    [InlineData("sub/up_inside", "inside.txt")]
    [InlineData("./sub/./", "sub")]
    [InlineData("new_name", "new_name")]
    public void PathsInsideTheRootResolve(string path, string expected)
    {
        var paths = new RootedPaths(_root);
        Assert.Equal(0, paths.Resolve(paths.Root, path, followFinal: true, out string host));
        Assert.Equal(Path.Combine(paths.Root, expected), host);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../outside.txt")]
    [InlineData("sub/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("/")]
    [InlineData("link_out")]
    [InlineData("link_out/root/inside.txt/../../outside.txt")]
    [InlineData("abs_link")]
    public void PathsLeavingTheRootAreRefused(string path)
    {
        var paths = new RootedPaths(_root);
        Assert.Equal(Eacces, paths.Resolve(paths.Root, path, followFinal: true, out _));
    }

    [Fact]
    public void AbsolutePathIntoTheRootResolvesAndLoopsAreCaught()
    {
        var paths = new RootedPaths(_root);
        Assert.Equal(0, paths.Resolve("/", Path.Combine(_root, "inside.txt"), followFinal: true, out string host));
        Assert.Equal(Path.Combine(paths.Root, "inside.txt"), host);
        Assert.Equal(Eloop, paths.Resolve(paths.Root, "loop", followFinal: true, out _));
        Assert.Equal(0, paths.Resolve(paths.Root, "abs_link", followFinal: false, out string link));
        Assert.Equal(Path.Combine(paths.Root, "abs_link"), link);
    }

    [Fact]
    public void ProgramStartsInTheRootWhenTheCurrentDirectoryIsOutsideIt()
    {
        string program = UserModeRun.Program("auxv");
        var outside = new UserMachine(new UserMachineOptions { RootDirectory = _root, WorkingDirectory = _base }, ElfImage.Load(program));
        Assert.Equal(new RootedPaths(_root).Root, outside.Process.WorkingDirectory);
        var inside = new UserMachine(new UserMachineOptions { RootDirectory = _root, WorkingDirectory = Path.Combine(_root, "sub") }, ElfImage.Load(program));
        Assert.Equal(Path.Combine(new RootedPaths(_root).Root, "sub"), inside.Process.WorkingDirectory);
    }
}
