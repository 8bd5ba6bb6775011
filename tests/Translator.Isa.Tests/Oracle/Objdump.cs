using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Translator.Isa.Tests.Oracle;

/// <summary>One instruction line of an objdump listing.</summary>
internal readonly record struct ObjdumpLine(ulong Address, uint Raw, int Length, string Text);

/// <summary>
/// GNU objdump (binutils 2.40) as the reference disassembler. Raw words are assembled with
/// <c>.insn</c> under an arch attribute naming every extension we decode, then disassembled with
/// <c>-M no-aliases</c>. Results are cached by content so repeated runs are fast.
/// </summary>
internal static partial class Objdump
{
    public const string Arch = "rv64i2p1_m2p0_a2p1_f2p2_d2p2_c2p0_zicsr2p0_zifencei2p0_zba1p0_zbb1p0_zbc1p0_zbs1p0";
    public const string Assembler = "riscv64-unknown-elf-as";
    public const string Disassembler = "riscv64-unknown-elf-objdump";

    private static readonly Lazy<string> s_version = new(() =>
        Tool.Run(Disassembler, Path.GetTempPath(), "--version").Split('\n')[0]);

    public static bool Available => Tool.Exists(Assembler) && Tool.Exists(Disassembler);

    /// <summary>The oracle is part of the toolchain (docs TOOLCHAIN.md); without it these tests cannot say anything.</summary>
    public static void RequireTools()
        => Xunit.Assert.True(Available, $"{Assembler} and {Disassembler} are needed: apt-get install binutils-riscv64-unknown-elf");

    [GeneratedRegex(@"^\s*([0-9a-f]+):\t([0-9a-f]+)\s*\t(.*)$")]
    private static partial Regex ListingLine();

    [GeneratedRegex(@"\s+#.*$")]
    private static partial Regex TrailingComment();

    [GeneratedRegex(@" <[^<>]*>$")]
    private static partial Regex TrailingSymbol();

    /// <summary>
    /// Reduces objdump's text to what our disassembler prints: drops the trailing `# comment`
    /// and the ` &lt;symbol+off&gt;` after addresses (see OBJDUMP-EXCEPTIONS.md).
    /// </summary>
    public static string Normalize(string text)
    {
        text = TrailingComment().Replace(text, "");
        text = TrailingSymbol().Replace(text, "");
        return text.TrimEnd();
    }

    /// <summary>objdump's text for each word, in order; <paramref name="length"/> is 2 (compressed) or 4.</summary>
    public static string[] DisassembleWords(IReadOnlyList<uint> words, int length)
    {
        var source = new StringBuilder();
        source.Append(".attribute arch, \"").Append(Arch).Append("\"\n.text\n");
        foreach (uint word in words)
            source.Append(".insn ").Append(length).Append(", 0x").Append(word.ToString(length == 2 ? "x4" : "x8", CultureInfo.InvariantCulture)).Append('\n');
        var lines = AssembleAndDisassemble(source.ToString(), "words");
        var texts = new string[words.Count];
        foreach (var line in lines)
        {
            ulong index = line.Address / (ulong)length;
            if (index < (ulong)texts.Length && line.Address % (ulong)length == 0)
                texts[index] = line.Text;
        }
        for (int i = 0; i < texts.Length; i++)
        {
            if (texts[i] == null)
                throw new InvalidOperationException($"objdump printed nothing for word {i} (0x{words[i]:x})");
        }
        return texts;
    }

    /// <summary>Assembles <paramref name="source"/> with the full arch attribute and returns the listing.</summary>
    public static IReadOnlyList<ObjdumpLine> AssembleAndDisassemble(string source, string label)
    {
        string key = Hash(s_version.Value + "\n" + source);
        return Cached(label + "-" + key, () =>
        {
            // Unique per call: tests running in parallel may ask for the same source at the same time.
            string dir = Path.Combine(Path.GetTempPath(), "translator-isa-" + key[..16] + "-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                File.WriteAllText(Path.Combine(dir, "in.s"), source);
                Tool.Run(Assembler, dir, "-o", "in.o", "in.s");
                return Tool.Run(Disassembler, dir, "-d", "-M", "no-aliases", "in.o");
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        });
    }

    /// <summary>The listing of an ELF file, keyed by the file's content.</summary>
    public static IReadOnlyList<ObjdumpLine> DisassembleFile(string path)
    {
        string key = Hash(s_version.Value + "\n" + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));
        return Cached("elf-" + key, () => Tool.Run(Disassembler, Path.GetDirectoryName(path)!, "-d", "-M", "no-aliases", path));
    }

    private static IReadOnlyList<ObjdumpLine> Cached(string name, Func<string> produce)
    {
        string file = Path.Combine(TestPaths.OracleCache, name + ".txt");
        string listing;
        if (File.Exists(file))
        {
            listing = File.ReadAllText(file);
        }
        else
        {
            listing = produce();
            string temp = file + "." + Environment.ProcessId + ".tmp";
            File.WriteAllText(temp, listing);
            File.Move(temp, file, overwrite: true);
        }
        return Parse(listing);
    }

    private static List<ObjdumpLine> Parse(string listing)
    {
        var result = new List<ObjdumpLine>();
        foreach (string line in listing.Split('\n'))
        {
            var match = ListingLine().Match(line);
            if (!match.Success)
                continue;
            string hex = match.Groups[2].Value;
            if (hex.Length != 4 && hex.Length != 8)
                continue;
            result.Add(new ObjdumpLine(
                ulong.Parse(match.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                uint.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                hex.Length / 2,
                Normalize(match.Groups[3].Value)));
        }
        return result;
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32].ToLowerInvariant();
}
