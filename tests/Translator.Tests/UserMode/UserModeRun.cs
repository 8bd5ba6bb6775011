using Translator.Testing;
using Translator.UserMode;

namespace Translator.Tests.UserMode;

/// <summary>Runs a static Linux program under rvt or qemu-riscv64 in a fresh directory of its own.</summary>
public static class UserModeRun
{
    /// <summary>Where the guest Makefile puts the Linux programs.</summary>
    public static string Program(string name) => Path.Combine(GuestBuild.EnsureBuilt(), "linux", name);

    /// <summary>A new empty directory to run a program in (and to confine it to).</summary>
    public static string FreshDirectory() => TestScratch.NewDirectory("user-");

    /// <summary>Runs <c>rvt run</c> with the working directory (and so the root) set to <paramref name="directory"/>.</summary>
    public static ProcessResult Rvt(string directory, IEnumerable<string> rvtOptions, string program, IEnumerable<string> arguments, string? stdin = null) =>
        ProcessRunner.Run("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, "rvt.dll"), "run" }
            .Concat(rvtOptions).Append(program).Concat(arguments), TimeSpan.FromMinutes(5), stdin, directory);

    /// <summary>
    /// Runs qemu-riscv64 in <paramref name="directory"/> with exactly rvt's default environment plus
    /// <paramref name="environment"/>, so both see the same variables.
    /// </summary>
    public static ProcessResult Qemu(string directory, string program, IEnumerable<string> arguments, IEnumerable<string> environment, string? stdin = null) =>
        ProcessRunner.Run("env", new[] { "-i" }.Concat(UserMachineOptions.DefaultEnvironment).Concat(environment)
            .Append("qemu-riscv64").Append(program).Concat(arguments), TimeSpan.FromMinutes(5), stdin, directory);

    /// <summary>stderr without rvt's own lines (warnings and the fatal-signal report), which QEMU does not print.</summary>
    public static string WithoutRvtLines(string stderr) =>
        string.Concat(stderr.Split('\n').Where(l => !l.StartsWith("rvt: ", StringComparison.Ordinal)).Select((l, i) => (i > 0 ? "\n" : "") + l));

    /// <summary>Compiles C source with the Linux cross compiler into <paramref name="directory"/> (add "-static" for rvt).</summary>
    public static string Compile(string directory, string name, string source, params string[] flags)
    {
        string sourcePath = Path.Combine(directory, name + ".c"), output = Path.Combine(directory, name);
        File.WriteAllText(sourcePath, source);
        var args = new List<string>(flags) { "-O2", "-o", output, sourcePath };
        var result = ProcessRunner.Run("riscv64-linux-gnu-gcc", args);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"riscv64-linux-gnu-gcc failed:\n{result.Stderr}");
        return output;
    }
}
