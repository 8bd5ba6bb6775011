using Translator.Loading;

namespace Translator.Tools.Profiling;

/// <summary>Names guest addresses as <c>symbol+0xoffset</c> from an ELF symbol table.</summary>
public sealed class SymbolMap
{
    private readonly ElfSymbol[] _symbols;

    /// <summary>Indexes the named, non-mapping symbols of <paramref name="image"/>.</summary>
    public SymbolMap(ElfImage? image) =>
        _symbols = image?.Symbols.Where(s => !s.Name.StartsWith('$')).OrderBy(s => s.Address).ToArray() ?? Array.Empty<ElfSymbol>();

    /// <summary>The nearest symbol at or below <paramref name="address"/>, with the offset, or null.</summary>
    public string? Describe(ulong address)
    {
        int lo = 0, hi = _symbols.Length - 1, best = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (_symbols[mid].Address <= address) { best = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        if (best < 0) return null;
        // Prefer a function symbol at the same address over labels.
        var symbol = _symbols[best];
        for (int i = best; i >= 0 && _symbols[i].Address == symbol.Address; i--)
            if (_symbols[i].IsFunction) { symbol = _symbols[i]; break; }
        ulong offset = address - symbol.Address;
        if (symbol.Size > 0 && offset >= symbol.Size && !symbol.IsFunction) return null;
        return offset == 0 ? symbol.Name : $"{symbol.Name}+0x{offset:x}";
    }
}
