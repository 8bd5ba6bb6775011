using Translator.Memory;

namespace Translator.Tools.Difftest;

/// <summary>Page-granular views, comparisons and copies of guest RAM.</summary>
public static unsafe class RamPages
{
    /// <summary>Bytes per page.</summary>
    public const int PageSize = RamWriteRecorder.PageSize;

    /// <summary>The number of pages in <paramref name="ram"/> (a partial last page counts).</summary>
    public static int Count(Ram ram) => (int)((ram.Size + PageSize - 1) / PageSize);

    /// <summary>The page index of a physical address in <paramref name="ram"/>.</summary>
    public static int IndexOf(Ram ram, ulong physicalAddress) => (int)((physicalAddress - ram.Base) / PageSize);

    /// <summary>The physical address of a page.</summary>
    public static ulong AddressOf(Ram ram, int page) => ram.Base + (ulong)page * PageSize;

    /// <summary>The bytes of one page.</summary>
    public static Span<byte> Page(Ram ram, int page)
    {
        ulong offset = (ulong)page * PageSize;
        int length = (int)Math.Min(PageSize, ram.Size - offset);
        return new Span<byte>(ram.Pointer + offset, length);
    }

    /// <summary>Whether a page holds the same bytes in both RAMs.</summary>
    public static bool Same(Ram a, Ram b, int page) => Page(a, page).SequenceEqual(Page(b, page));

    /// <summary>
    /// The pages that differ between <paramref name="a"/> and <paramref name="b"/> among the runs of pages
    /// <paramref name="runs"/> (first page, count; they may overlap), ascending.
    /// </summary>
    public static List<int> AllDifferences(Ram a, Ram b, IEnumerable<(int First, int Count)> runs)
    {
        var result = new SortedSet<int>();
        // Compare in large chunks first: the vectorised compare of equal megabytes is what keeps a sweep cheap.
        const int ChunkPages = 256;
        int total = Count(a);
        foreach (var (start, count) in runs)
        {
            int end = Math.Min(total, start + count);
            for (int first = start; first < end; first += ChunkPages)
            {
                int last = Math.Min(end, first + ChunkPages);
                ulong offset = (ulong)first * PageSize;
                int length = (int)Math.Min((ulong)(last - first) * PageSize, a.Size - offset);
                if (new Span<byte>(a.Pointer + offset, length).SequenceEqual(new Span<byte>(b.Pointer + offset, length)))
                    continue;
                for (int page = first; page < last; page++)
                    if (!Same(a, b, page)) result.Add(page);
            }
        }
        return result.ToList();
    }
}
