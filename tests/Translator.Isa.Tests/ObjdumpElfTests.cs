using System.Security.Cryptography;
using System.Text;
using Translator.Isa.Tests.Oracle;
using Xunit;
using Xunit.Abstractions;

namespace Translator.Isa.Tests;

/// <summary>Every instruction of real programs: ours against objdump's listing of the same ELF.</summary>
public class ObjdumpElfTests(ITestOutputHelper output)
{
    private const ushort MachineRiscV = 243;

    [Theory]
    [InlineData("rv64gc")]
    [InlineData("rv64gc_zba_zbb_zbc_zbs")]
    public void StaticPrintfMathProgramMatchesObjdump(string march)
    {
        Objdump.RequireTools();
        Assert.True(Tool.Exists("riscv64-linux-gnu-gcc"), "riscv64-linux-gnu-gcc is needed: apt-get install gcc-riscv64-linux-gnu libc6-dev-riscv64-cross");
        string source = Path.Combine(TestPaths.Programs, "printf_math.c");
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(march + File.ReadAllText(source))))[..16];
        string elf = Path.Combine(TestPaths.OracleCache, $"printf_math-{march}-{hash}.elf");
        if (!File.Exists(elf))
        {
            string temp = elf + "." + Environment.ProcessId + ".tmp";
            Tool.Run("riscv64-linux-gnu-gcc", TestPaths.Programs, "-O2", "-static", "-march=" + march, "-mabi=lp64d", "-o", temp, source, "-lm");
            File.Move(temp, elf, overwrite: true);
        }
        var report = new MismatchReport(Path.GetFileName(elf));
        CompareFile(elf, Path.GetFileName(elf), report);
        output.WriteLine($"{report.Checked} instructions compared");
        Assert.True(report.Checked > 50_000, $"only {report.Checked} instructions in the static program");
        report.Assert();
    }

    [Fact]
    public void GuestProgramsMatchObjdump()
    {
        Objdump.RequireTools();
        string makefile = Path.Combine(TestPaths.Root, "guest", "Makefile");
        if (!File.Exists(makefile))
        {
            output.WriteLine("guest/Makefile does not exist yet; nothing to compare");
            return;
        }
        try
        {
            Tool.Run("make", TestPaths.Root, TimeSpan.FromMinutes(5), "-s", "-C", "guest");
        }
        catch (InvalidOperationException e)
        {
            // The guest programs belong to another area; a broken guest build must not hide our own results.
            output.WriteLine("make -C guest failed; comparing the ELFs that exist:\n" + e.Message);
        }
        if (!Directory.Exists(TestPaths.GuestBuild))
        {
            output.WriteLine("guest/build does not exist; nothing to compare");
            return;
        }
        var report = new MismatchReport("guest/build ELFs");
        int files = 0;
        foreach (string file in Directory.GetFiles(TestPaths.GuestBuild, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (file.Contains("oracle-cache", StringComparison.Ordinal))
                continue;
            // guest/build is rebuilt by others while we read it: compare a snapshot of each file,
            // and leave out one that is being written or vanishes.
            string snapshot = Path.Combine(Path.GetTempPath(), $"translator-elf-{Environment.ProcessId}-{files}-{Path.GetFileName(file)}");
            try
            {
                if (!IsRiscVElf(file) || DateTime.UtcNow - File.GetLastWriteTimeUtc(file) < TimeSpan.FromSeconds(2))
                    continue;
                File.Copy(file, snapshot, overwrite: true);
                files++;
                CompareFile(snapshot, Path.GetRelativePath(TestPaths.GuestBuild, file), report);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                output.WriteLine($"skipped {file}: {e.Message}");
            }
            finally
            {
                File.Delete(snapshot);
            }
        }
        output.WriteLine($"{files} ELF files, {report.Checked} instructions compared");
        report.Assert();
    }

    private static void CompareFile(string path, string name, MismatchReport report)
    {
        foreach (var line in Objdump.DisassembleFile(path))
        {
            // Bytes that a $d mapping symbol marks as data are listed as data, not instructions.
            if (line.Text.StartsWith(".word", StringComparison.Ordinal) || line.Text.StartsWith(".short", StringComparison.Ordinal)
                || line.Text.StartsWith(".byte", StringComparison.Ordinal))
                continue;
            // Exception 7: a halfword with low bits 11 starts a 32-bit or longer instruction; for
            // 48-bit and longer encodings objdump steps by its own lengths, we always by 4.
            if (line.Length == 2 && (line.Raw & 3) == 3)
                continue;
            var inst = Decoder.Decode(line.Raw);
            if (inst.Length != line.Length)
            {
                report.Fail($"{name} @0x{line.Address:x}: {line.Raw:x} decoded with length {inst.Length}, objdump says {line.Length}");
                continue;
            }
            report.Check(line.Raw, line.Length, line.Address, Disassembler.Format(inst, line.Address), Exceptions.Apply(line.Raw, line.Length, line.Text), name);
        }
    }

    private static bool IsRiscVElf(string path)
    {
        Span<byte> header = stackalloc byte[20];
        using var stream = File.OpenRead(path);
        if (stream.Read(header) < 20)
            return false;
        return header[0] == 0x7F && header[1] == (byte)'E' && header[2] == (byte)'L' && header[3] == (byte)'F'
            && (ushort)(header[18] | header[19] << 8) == MachineRiscV;
    }
}
