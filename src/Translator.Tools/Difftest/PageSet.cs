namespace Translator.Tools.Difftest;

/// <summary>A set of RAM page indices with insertion order, for the pages a check compares.</summary>
public sealed class PageSet
{
    private readonly HashSet<int> _members = new();
    private readonly List<int> _order = new();

    /// <summary>The pages, in the order they were added.</summary>
    public IReadOnlyList<int> Pages => _order;

    /// <summary>Adds a page if it is not already present.</summary>
    public void Add(int page)
    {
        if (_members.Add(page)) _order.Add(page);
    }

    /// <summary>Adds several pages.</summary>
    public void AddRange(IEnumerable<int> pages)
    {
        foreach (int page in pages) Add(page);
    }

    /// <summary>Empties the set.</summary>
    public void Clear()
    {
        _members.Clear();
        _order.Clear();
    }
}
