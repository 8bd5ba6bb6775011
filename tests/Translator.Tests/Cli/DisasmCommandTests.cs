using System.Text.RegularExpressions;
using Translator.Testing;
using Xunit;

namespace Translator.Tests.Cli;

/// <summary><c>rvt disasm</c> prints, for every instruction, what GNU objdump -d -M no-aliases prints.</summary>
public sealed partial class DisasmCommandTests
{
    // "    80000000:\t00000297          \tauipc\tt0,0x0 <sym>  # comment"
    [GeneratedRegex(@"^\s*([0-9a-f]+):\t([0-9a-f]+)\s*\t(.*)$")]
    private static partial Regex InstructionLine();

    private static Dictionary<ulong, (string Raw, string Text)> Parse(string listing)
    {
        var result = new Dictionary<ulong, (string, string)>();
        foreach (var line in listing.Split('\n'))
        {
            var m = InstructionLine().Match(line);
            if (!m.Success) continue;
            string text = m.Groups[3].Value;
            int comment = text.IndexOf('#');
            if (comment >= 0) text = text[..comment];
            int symbol = text.IndexOf(" <", StringComparison.Ordinal);
            if (symbol >= 0) text = text[..symbol];
            result[Convert.ToUInt64(m.Groups[1].Value, 16)] = (m.Groups[2].Value, text.TrimEnd());
        }
        return result;
    }

    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (var program in Guests.GuestRun.SelfCheckingPrograms()) data.Add(program);
        data.Add("bench/crc32.elf");
        return data;
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void ListingMatchesObjdump(string program)
    {
        string elf = Path.Combine(GuestBuild.EnsureBuilt(), program);
        Assert.True(File.Exists(elf), elf + " was not built");
        var objdump = ProcessRunner.Run("riscv64-unknown-elf-objdump", new[] { "-d", "-M", "no-aliases", elf });
        Assert.Equal(0, objdump.ExitCode);
        var rvt = ProcessRunner.Rvt("disasm", elf);
        Assert.Equal(0, rvt.ExitCode);

        var expected = Parse(objdump.Stdout);
        var actual = Parse(rvt.Stdout);
        Assert.True(expected.Count > 100, "objdump listed too few instructions");
        var mismatches = expected
            .Where(e => !actual.TryGetValue(e.Key, out var a) || a != e.Value)
            .Take(20)
            .Select(e => $"{e.Key:x}: objdump '{e.Value.Raw} {e.Value.Text}', rvt '{(actual.TryGetValue(e.Key, out var a) ? a.Raw + " " + a.Text : "<missing>")}'")
            .ToList();
        Assert.True(mismatches.Count == 0, $"{program}: listings differ:\n{string.Join('\n', mismatches)}");
    }
}
