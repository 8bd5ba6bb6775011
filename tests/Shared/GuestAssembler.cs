namespace Translator.Testing;

/// <summary>Assembles and links small RISC-V programs with the installed GNU toolchain, for tests.</summary>
public static class GuestAssembler
{
    private const string Arch = "rv64gc_zba_zbb_zbc_zbs";

    /// <summary>Assembles <paramref name="source"/> and links it at <paramref name="textAddress"/>; returns the ELF path.</summary>
    public static string Link(string source, ulong textAddress = 0x8000_0000, bool rv32 = false)
    {
        string dir = TestScratch.NewDirectory("asm-");
        string src = Path.Combine(dir, "prog.S"), obj = Path.Combine(dir, "prog.o"), elf = Path.Combine(dir, "prog.elf");
        File.WriteAllText(src, source);
        var asArgs = rv32 ? new[] { "-march=rv32i", "-mabi=ilp32" } : new[] { "-march=" + Arch, "-mabi=lp64d" };
        Check(ProcessRunner.Run("riscv64-unknown-elf-as", asArgs.Concat(new[] { src, "-o", obj })));
        var ldArgs = new List<string> { "-Ttext=0x" + textAddress.ToString("x"), "-N", "--no-warn-rwx-segments", "-e", "_start", obj, "-o", elf };
        if (rv32) ldArgs.InsertRange(0, new[] { "-m", "elf32lriscv" });
        Check(ProcessRunner.Run("riscv64-unknown-elf-ld", ldArgs));
        return elf;
    }

    private static void Check(ProcessResult r)
    {
        if (r.ExitCode != 0)
            throw new InvalidOperationException("toolchain failed: " + r.Stderr);
    }
}
