using Translator.Memory;

namespace Translator.Tools.Difftest;

/// <summary>Lists the differing byte runs of RAM pages, for reports.</summary>
public static class MemoryDifferences
{
    private const int MaxRunBytes = 16;

    /// <summary>The runs of differing bytes in <paramref name="pages"/>, at most <paramref name="limit"/> of them.</summary>
    public static List<MemoryDifference> Find(Ram reference, Ram subject, IEnumerable<int> pages, int limit = 32)
    {
        var result = new List<MemoryDifference>();
        foreach (int page in pages.Distinct().Order())
        {
            var a = RamPages.Page(reference, page);
            var b = RamPages.Page(subject, page);
            int i = 0;
            while (i < a.Length && result.Count < limit)
            {
                if (a[i] == b[i]) { i++; continue; }
                int end = i;
                while (end < a.Length && end - i < MaxRunBytes && (a[end] != b[end] || (end + 1 < a.Length && a[end + 1] != b[end + 1])))
                    end++;
                end = Math.Max(end, i + 1);
                result.Add(new MemoryDifference(RamPages.AddressOf(reference, page) + (ulong)i, a[i..end].ToArray(), b[i..end].ToArray()));
                i = end;
            }
        }
        return result;
    }
}
