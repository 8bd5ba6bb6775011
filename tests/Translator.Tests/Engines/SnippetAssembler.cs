using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Translator.Tests.Engines;

/// <summary>
/// Assembles a snippet with the GNU RISC-V toolchain into a flat image linked at <see cref="Base"/>
/// (unlike Translator.Testing.GuestAssembler, which links ELF files for the machine),
/// and reports the address of the <c>__halt</c> label. Results are cached on disk by content hash.
/// </summary>
internal static class SnippetAssembler
{
    public const ulong Base = 0x8000_0000;
    private const string March = "rv64gc_zba_zbb_zbc_zbs";
    private static readonly string CacheDirectory = Path.Combine(Path.GetTempPath(), "rvt-engine-tests");

    public sealed record Image(byte[] Bytes, ulong HaltAddress);

    public static Image Assemble(string source)
    {
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(March + "\n" + source)))[..24];
        string dir = Path.Combine(CacheDirectory, hash);
        string bin = Path.Combine(dir, "image.bin"), haltFile = Path.Combine(dir, "halt.txt");
        if (File.Exists(bin) && File.Exists(haltFile))
            return new Image(File.ReadAllBytes(bin), Convert.ToUInt64(File.ReadAllText(haltFile), 16));

        string work = Path.Combine(CacheDirectory, hash + "." + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "t.s"), source);
        Tool(work, "riscv64-unknown-elf-as", $"-march={March} -mabi=lp64d -o t.o t.s");
        Tool(work, "riscv64-unknown-elf-ld", $"-Ttext=0x{Base:x} -e 0x{Base:x} -o t.elf t.o");
        Tool(work, "riscv64-unknown-elf-objcopy", "-O binary t.elf image.bin");
        string symbols = Tool(work, "riscv64-unknown-elf-nm", "t.elf");
        string halt = symbols.Split('\n').Select(l => l.Split(' ')).First(p => p.Length == 3 && p[2].Trim() == "__halt")[0];
        File.WriteAllText(Path.Combine(work, "halt.txt"), halt);
        try
        {
            Directory.Move(work, dir);
        }
        catch (IOException)
        {
            // Another test assembled the same snippet first; theirs is identical.
            Directory.Delete(work, recursive: true);
        }
        return new Image(File.ReadAllBytes(bin), Convert.ToUInt64(File.ReadAllText(haltFile), 16));
    }

    private static string Tool(string workDir, string tool, string arguments)
    {
        var psi = new ProcessStartInfo(tool, arguments)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        string output = process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {arguments} failed:\n{errors}\nsource: {File.ReadAllText(Path.Combine(workDir, "t.s"))}");
        return output;
    }
}
