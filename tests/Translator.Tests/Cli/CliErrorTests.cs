using Translator.Testing;
using Xunit;

namespace Translator.Tests.Cli;

/// <summary>Bad input gets one clear line on stderr and a distinct exit code, never a stack trace.</summary>
public sealed class CliErrorTests
{
    private const int BadImage = 2, Usage = 64, InstructionLimit = 124;

    private static void AssertOneLineError(ProcessResult r, int expectedCode, string expectedText)
    {
        Assert.Equal(expectedCode, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, "expected one line on stderr, got:\n" + r.Stderr);
        Assert.StartsWith("rvt: ", lines[0]);
        Assert.Contains(expectedText, lines[0]);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    private static string TempFile(byte[] contents)
    {
        string path = Path.Combine(TestScratch.NewDirectory("cli-"), "input.elf");
        File.WriteAllBytes(path, contents);
        return path;
    }

    private static string LoopElf() => GuestAssembler.Link(".globl _start\n_start: j _start\n");

    [Fact]
    public void MissingFile() =>
        AssertOneLineError(ProcessRunner.Rvt("boot", "--kernel", "/nonexistent/prog.elf"), BadImage, "cannot read");

    [Fact]
    public void NotAnElfFile() =>
        AssertOneLineError(ProcessRunner.Rvt("boot", "--kernel", TempFile("hello, world\n"u8.ToArray())), BadImage, "not an ELF file");

    [Fact]
    public void EmptyFile() =>
        AssertOneLineError(ProcessRunner.Rvt("boot", "--kernel", TempFile(Array.Empty<byte>())), BadImage, "not an ELF file");

    [Fact]
    public void TruncatedHeader() =>
        AssertOneLineError(ProcessRunner.Rvt("boot", "--kernel", TempFile(File.ReadAllBytes(LoopElf())[..40])), BadImage, "truncated");

    [Fact]
    public void TruncatedSegments()
    {
        byte[] whole = File.ReadAllBytes(LoopElf());
        var r = ProcessRunner.Rvt("boot", "--kernel", TempFile(whole[..200]));
        Assert.Equal(BadImage, r.ExitCode);
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void CorruptSectionTableOnlyMattersToWhatReadsSections()
    {
        // A loader reads program headers only (as Linux and QEMU do): the program runs. The disassembler needs the
        // sections and says so in one line; --profile reports without names and keeps the program's exit code.
        byte[] program = File.ReadAllBytes(Path.Combine(GuestBuild.EnsureBuilt(), "linux", "exit_codes"));
        BitConverter.GetBytes((ulong)program.Length + 4096).CopyTo(program, 40); // e_shoff past the end
        string path = TempFile(program);
        var run = ProcessRunner.Rvt("run", path);
        Assert.Equal(42, run.ExitCode);
        Assert.Equal("", run.Stderr);
        AssertOneLineError(ProcessRunner.Rvt("disasm", path), BadImage, "malformed ELF file");
        var profiled = ProcessRunner.Rvt("run", "--jit-sync", "--profile", path);
        Assert.Equal(42, profiled.ExitCode);
        Assert.Contains("rvt: --profile: no symbols:", profiled.Stderr);
        Assert.Contains("profile: hottest translated units", profiled.Stderr);
        Assert.DoesNotContain("   at ", profiled.Stderr);
    }

    [Fact]
    public void ThirtyTwoBitElf() =>
        AssertOneLineError(ProcessRunner.Rvt("boot", "--kernel", GuestAssembler.Link(".globl _start\n_start: j _start\n", rv32: true)), BadImage, "not a 64-bit");

    [Fact]
    public void NonRiscVElf() =>
        AssertOneLineError(ProcessRunner.Rvt("boot", "--kernel", "/bin/true"), BadImage, "not a RISC-V");

    [Fact]
    public void SegmentOutsideRam() =>
        AssertOneLineError(ProcessRunner.Rvt("boot", "--kernel", GuestAssembler.Link(".globl _start\n_start: j _start\n", textAddress: 0x1000)), BadImage, "outside RAM");

    [Fact]
    public void DisasmOfNonElf() =>
        AssertOneLineError(ProcessRunner.Rvt("disasm", TempFile("#!/bin/sh\n"u8.ToArray())), BadImage, "not an ELF file");

    [Theory]
    [InlineData("unknown command", "frobnicate")]
    [InlineData("no command given")]
    [InlineData("--kernel FILE is required", "boot")]
    [InlineData("unknown option '--bogus'", "boot", "--kernel", "x.elf", "--bogus")]
    [InlineData("needs a value", "boot", "--kernel")]
    [InlineData("is not a size", "boot", "--kernel", "x.elf", "-m", "12Q")]
    [InlineData("is not a positive count", "boot", "--kernel", "x.elf", "--max-insns", "lots")]
    [InlineData("is not one of", "boot", "--kernel", "x.elf", "--engine", "warp")]
    [InlineData("is not a count (0 or more)", "boot", "--kernel", "x.elf", "--jit-threshold", "-1")]
    [InlineData("is not a count (0 or more)", "run", "--jit-threshold", "many", "prog")]
    public void BadCommandLine(string expected, params string[] args) =>
        AssertOneLineError(ProcessRunner.Rvt(args), Usage, expected);

    [Fact]
    public void InstructionLimitStopsARunawayGuest()
    {
        var r = ProcessRunner.Rvt("boot", "--kernel", LoopElf(), "--max-insns", "100000");
        AssertOneLineError(r, InstructionLimit, "stopped after 100000 instructions");
    }

    [Fact]
    public void HelpListsCommands()
    {
        var r = ProcessRunner.Rvt("help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("boot --kernel ELF", r.Stdout);
        Assert.Contains("disasm ELF", r.Stdout);
    }
}
