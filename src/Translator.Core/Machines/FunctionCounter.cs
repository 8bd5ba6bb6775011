using Translator.Loading;

namespace Translator.Machines;

/// <summary>
/// Counts the instructions executed inside chosen functions (ELF function symbols with a size), for
/// questions like "how many instructions does this copy routine cost per kilobyte?". Counting is exact:
/// the machine single-steps while a counter is attached, so it is slower and meant for measurement runs.
/// </summary>
public sealed class FunctionCounter
{
    private readonly (ulong Start, ulong End, int Index)[] _ranges;

    /// <summary>Selects the function symbols of <paramref name="image"/> whose names match any pattern ('*' matches any run of characters).</summary>
    /// <exception cref="GuestImageException">A pattern matches no function symbol with a size.</exception>
    public FunctionCounter(ElfImage image, IEnumerable<string> patterns)
    {
        var chosen = new List<ElfSymbol>();
        foreach (var pattern in patterns)
        {
            var matches = image.Symbols.Where(s => s.IsFunction && s.Size > 0 && Matches(s.Name, pattern)).ToList();
            if (matches.Count == 0)
                throw new GuestImageException($"{image.Path}: no function symbol matches '{pattern}'");
            chosen.AddRange(matches.Where(m => !chosen.Contains(m)));
        }
        Names = chosen.Select(s => s.Name).ToArray();
        Counts = new ulong[chosen.Count];
        _ranges = chosen.Select((s, i) => (s.Address, s.Address + s.Size, i)).OrderBy(r => r.Address).ToArray();
    }

    /// <summary>The counted functions.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Instructions executed in each function, in the order of <see cref="Names"/>.</summary>
    public ulong[] Counts { get; }

    /// <summary>Attributes instructions executed at <paramref name="pc"/>.</summary>
    public void Record(ulong pc, ulong instructions)
    {
        foreach (var (start, end, index) in _ranges)
        {
            if (pc < start) return;
            if (pc < end)
            {
                Counts[index] += instructions;
                return;
            }
        }
    }

    private static bool Matches(string name, string pattern) =>
        System.Text.RegularExpressions.Regex.IsMatch(name, "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*") + "$");
}
