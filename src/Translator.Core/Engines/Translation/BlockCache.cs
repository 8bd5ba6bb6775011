using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Translator.Engines.Translation;

/// <summary>
/// The blocks the translator knows, cold (being counted) or compiled, keyed by <see cref="BlockKey"/> (physical pc
/// first), with an index by physical page for invalidation and one flag byte per RAM page that the MMU and inline
/// stores check (<see cref="CodeFlag"/>: the page holds blocks; <see cref="WatchedFlag"/>: HTIF watches writes).
/// A fixed-size table maps a virtual pc and context straight to its block; it is cleared whenever a mapping
/// may have changed. The cache is bounded: adding a block beyond <see cref="Capacity"/> flushes everything, after
/// which nothing refers to the old DynamicMethods and the GC reclaims them.
/// </summary>
internal sealed unsafe class BlockCache
{
    public const byte CodeFlag = 1, WatchedFlag = 2;
    private const int PageShift = 12;
    private const ulong PageOffsetMask = (1UL << PageShift) - 1;
    private const int LookupBits = 12;

    private readonly Dictionary<BlockKey, TranslatedBlock> _blocks = new();
    private readonly Dictionary<ulong, List<TranslatedBlock>> _byPage = new();
    private readonly byte[] _pageFlags;
    // Per RAM page, the byte offsets [start, end) that its blocks cover (grown as blocks are added, reset when the
    // page loses its last block): stores to data that shares a page with code skip the block walk.
    private readonly ushort[] _codeStart, _codeEnd;
    private readonly LookupEntry[] _lookup = new LookupEntry[1 << LookupBits];
    private readonly ulong _ramBase;

    private struct LookupEntry
    {
        public ulong Pc;
        public int Context;
        public TranslatedBlock? Block;
    }

    public BlockCache(ulong ramBase, ulong ramSize, int capacity)
    {
        _ramBase = ramBase;
        _pageFlags = GC.AllocateArray<byte>((int)((ramSize + (1UL << PageShift) - 1) >> PageShift) + 1, pinned: true);
        PageFlags = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_pageFlags));
        _codeStart = new ushort[_pageFlags.Length];
        _codeEnd = new ushort[_pageFlags.Length];
        Capacity = Math.Max(capacity, 1);
    }

    /// <summary>One flag byte per RAM page (pinned).</summary>
    public byte* PageFlags { get; }

    /// <summary>The most blocks (cold or compiled) held before everything is flushed.</summary>
    public int Capacity { get; }

    /// <summary>Blocks held now.</summary>
    public int Count => _blocks.Count;

    /// <summary>Blocks dropped because code under them was written.</summary>
    public long Invalidations { get; private set; }

    /// <summary>Whole-cache flushes because the cache was full.</summary>
    public long Evictions { get; private set; }

    /// <summary>Every block held now.</summary>
    public IEnumerable<TranslatedBlock> Blocks => _blocks.Values;

    public TranslatedBlock? Find(BlockKey key) => _blocks.GetValueOrDefault(key);

    public void Add(TranslatedBlock block)
    {
        if (_blocks.Count >= Capacity)
        {
            Evictions++;
            Flush();
        }
        _blocks.Add(block.Key, block);
        ulong page = (block.PhysicalPc - _ramBase) >> PageShift;
        if (!_byPage.TryGetValue(page, out var list))
        {
            _byPage.Add(page, list = new List<TranslatedBlock>());
            _codeStart[page] = ushort.MaxValue;
            _codeEnd[page] = 0;
        }
        list.Add(block);
        int start = (int)(block.PhysicalPc & PageOffsetMask);
        _codeStart[page] = (ushort)Math.Min(_codeStart[page], start);
        _codeEnd[page] = (ushort)Math.Max(_codeEnd[page], start + block.ByteLength);
        _pageFlags[page] |= CodeFlag;
    }

    /// <summary>The block last found for <paramref name="pc"/> in <paramref name="context"/>, if still valid.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TranslatedBlock? Lookup(ulong pc, int context)
    {
        ref LookupEntry entry = ref _lookup[(int)(pc >> 1) & ((1 << LookupBits) - 1)];
        return entry.Pc == pc && entry.Context == context && entry.Block is { Valid: true } block ? block : null;
    }

    public void Remember(ulong pc, int context, TranslatedBlock block)
    {
        ref LookupEntry entry = ref _lookup[(int)(pc >> 1) & ((1 << LookupBits) - 1)];
        entry.Pc = pc;
        entry.Context = context;
        entry.Block = block;
    }

    /// <summary>Forgets every virtual-pc lookup (a mapping may have changed).</summary>
    public void ForgetLookups() => Array.Clear(_lookup);

    /// <summary>Invalidates the blocks overlapping a write; returns whether there were any.</summary>
    public bool InvalidateRange(ulong physical, int width)
    {
        bool any = false;
        ulong first = (physical - _ramBase) >> PageShift, last = (physical + (ulong)width - 1 - _ramBase) >> PageShift;
        for (ulong page = first; page <= last; page++)
        {
            ulong pageStart = _ramBase + (page << PageShift);
            if (physical + (ulong)width <= pageStart + _codeStart[page] || physical >= pageStart + _codeEnd[page])
                continue;
            if (!_byPage.TryGetValue(page, out var list))
                continue;
            for (int i = list.Count - 1; i >= 0; i--)
            {
                var block = list[i];
                if (physical < block.PhysicalPc + (ulong)block.ByteLength && block.PhysicalPc < physical + (ulong)width)
                {
                    Drop(block);
                    list.RemoveAt(i);
                    any = true;
                }
            }
            if (list.Count == 0)
            {
                _byPage.Remove(page);
                _pageFlags[page] &= unchecked((byte)~CodeFlag);
            }
        }
        return any;
    }

    /// <summary>Drops every block.</summary>
    public void Flush()
    {
        foreach (var block in _blocks.Values)
            block.Valid = false;
        _blocks.Clear();
        foreach (var page in _byPage.Keys)
            _pageFlags[page] &= unchecked((byte)~CodeFlag);
        _byPage.Clear();
        ForgetLookups();
    }

    /// <summary>Sets <see cref="WatchedFlag"/> on exactly the pages overlapping [start, start + size).</summary>
    public void SetWatched(ulong start, ulong size)
    {
        for (int i = 0; i < _pageFlags.Length; i++)
            _pageFlags[i] &= unchecked((byte)~WatchedFlag);
        if (size == 0 || start < _ramBase)
            return;
        for (ulong page = (start - _ramBase) >> PageShift; page <= (start + size - 1 - _ramBase) >> PageShift && page < (ulong)_pageFlags.Length; page++)
            _pageFlags[page] |= WatchedFlag;
    }

    private void Drop(TranslatedBlock block)
    {
        block.Valid = false;
        block.Next0 = block.Next1 = null;
        _blocks.Remove(block.Key);
        Invalidations++;
    }
}
