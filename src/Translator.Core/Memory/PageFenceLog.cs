namespace Translator.Memory;

/// <summary>How an instruction fetch's address is mapped, which tells what sfence.vma with an address can change it.</summary>
public enum FetchLeaf : byte
{
    /// <summary>Not translated (M-mode): no fence changes it.</summary>
    Untranslated,
    /// <summary>By a 4 KiB leaf: a fence naming an address in the same page.</summary>
    Page,
    /// <summary>By a superpage leaf, or not known: a fence naming an address in the same 1 GiB.</summary>
    Superpage,
}

/// <summary>
/// The addresses named by the most recent sfence.vma instructions that named one. Such a fence orders only the leaf
/// entry that maps that address, so what was looked up for code elsewhere still holds; the translator keeps its
/// lookups across these fences and checks each one against the fences since it was made.
/// </summary>
public sealed class PageFenceLog
{
    private const int Kept = 64;
    private const ulong PageMask = ~0xFFFUL, GigapageMask = ~((1UL << 30) - 1);
    private readonly ulong[] _addresses = new ulong[Kept];

    /// <summary>Fences logged so far.</summary>
    public ulong Count { get; private set; }

    internal void Add(ulong address) => _addresses[Count++ % Kept] = address;

    /// <summary>
    /// Whether a fence logged after the first <paramref name="since"/> may have changed the mapping of
    /// <paramref name="pc"/>, mapped as <paramref name="leaf"/> (true as well when the log no longer holds them all).
    /// </summary>
    public bool AnySince(ulong since, ulong pc, FetchLeaf leaf)
    {
        if (leaf == FetchLeaf.Untranslated)
            return false;
        if (Count - since > Kept)
            return true;
        ulong mask = leaf == FetchLeaf.Page ? PageMask : GigapageMask;
        for (ulong i = since; i < Count; i++)
            if (((_addresses[i % Kept] ^ pc) & mask) == 0)
                return true;
        return false;
    }
}
