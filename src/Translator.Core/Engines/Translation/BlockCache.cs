using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

using Translator.Memory;

namespace Translator.Engines.Translation;

/// <summary>
/// The blocks the translator knows, cold (being counted) or compiled, keyed by <see cref="BlockKey"/> (physical pc
/// first), with an index by physical page for invalidation and one flag byte per 64-byte RAM granule that the MMU
/// and inline stores check (<see cref="CodeFlag"/>: a block's code may lie there; <see cref="WatchedFlag"/>: HTIF
/// watches writes). A store checks only the granule of its first byte, so a block also flags the granule of the 7
/// bytes before it. Flags may be left set where no block remains (that only costs a slow store), never the reverse.
/// A fixed-size table maps a virtual pc and context straight to its block; it is cleared whenever a mapping
/// may have changed. The cache is bounded: adding a block beyond <see cref="Capacity"/> flushes everything, after
/// which nothing refers to the old DynamicMethods and the GC reclaims them.
/// </summary>
internal sealed unsafe class BlockCache
{
    public const byte CodeFlag = 1, WatchedFlag = 2;
    private const int PageShift = 12;
    private const int GranuleShift = Mmu.CodeGranuleShift;
    private const int GranulesPerPage = 1 << (PageShift - GranuleShift);
    private const int LongestStore = 8;
    // Large enough for a kernel's working set of blocks; forgetting is O(1) (an epoch), so the size costs no clearing.
    private const int LookupBits = 15;

    private readonly BlocksByKey _blocks = new();
    private readonly Dictionary<ulong, List<TranslatedBlock>> _byPage = new();
    // Blocks with code in pages besides their entry's (TranslatedBlock.OtherPages), by each such page: a write
    // there must find them too.
    private readonly Dictionary<ulong, List<TranslatedBlock>> _byOtherPage = new();
    private readonly byte* _granuleFlags;
    // Below 2 GiB where the host allows, so that translated stores test their granule's byte with a 32-bit
    // displacement instead of loading the table's address first. Untouched pages cost nothing.
    private readonly LowAddressBuffer _granuleFlagBytes;
    private readonly ulong _granuleCount;
    private readonly LookupEntry[] _lookup = new LookupEntry[1 << LookupBits];
    private readonly ulong _ramBase;
    private readonly ChainEntry[] _chains;
    private LinearUserWindow? _window;

    private struct LookupEntry
    {
        public ulong Pc;
        public int Context;
        public uint Epoch;
        public TranslatedBlock? Block;
        public ulong Fences; // PageFences.Count when last known to hold
        public FetchLeaf Leaf;
    }

    // Entries of an older epoch are forgotten; epoch 0 is never current, so the zeroed table starts empty.
    private uint _lookupEpoch = 1;
    private readonly PageFenceLog _pageFences;

    /// <param name="ramBase">The guest physical address of RAM's first byte.</param>
    /// <param name="ramSize">RAM's size in bytes.</param>
    /// <param name="capacity">The most blocks held before everything is flushed.</param>
    /// <param name="chains">Compiled code's table of entries it may go on into (<see cref="BlockRuntime.Chains"/>):
    /// a dropped block's entry is removed from it, and a flush empties it.</param>
    /// <param name="pageFences">The MMU's log of fences that named an address, which virtual-pc lookups are checked against.</param>
    public BlockCache(ulong ramBase, ulong ramSize, int capacity, ChainEntry[] chains, PageFenceLog pageFences)
    {
        _ramBase = ramBase;
        _chains = chains;
        _pageFences = pageFences;
        _granuleCount = ((ramSize + (1UL << PageShift) - 1) >> GranuleShift) + 1;
        _granuleFlagBytes = new LowAddressBuffer(checked((int)_granuleCount));
        _granuleFlags = _granuleFlagBytes.Pointer;
        Capacity = Math.Max(capacity, 1);
    }

    /// <summary>One flag byte per 2^<see cref="Mmu.CodeGranuleShift"/> bytes of RAM (native memory, fixed for the cache's life).</summary>
    public byte* GranuleFlags => _granuleFlags;

    /// <summary>The most blocks (cold or compiled) held before everything is flushed.</summary>
    public int Capacity { get; }

    /// <summary>Blocks held now.</summary>
    public int Count => _blocks.Count;

    /// <summary>Blocks dropped because code under them was written.</summary>
    public long Invalidations { get; private set; }

    /// <summary>Whole-cache flushes because the cache was full.</summary>
    public long Evictions { get; private set; }

    /// <summary>Every block held now.</summary>
    public IEnumerable<TranslatedBlock> Blocks => _blocks.All();

    public TranslatedBlock? Find(BlockKey key) => _blocks.Find(key);

    /// <summary>The blocks that start in the RAM page of <paramref name="physical"/> (their entries lie there).</summary>
    public IReadOnlyList<TranslatedBlock> InPage(ulong physical) =>
        _byPage.TryGetValue(PageOf(physical), out var list) ? list : [];

    public void Add(TranslatedBlock block)
    {
        if (_blocks.Count >= Capacity)
        {
            Evictions++;
            Flush();
        }
        _blocks.Add(block);
        Index(_byPage, PageOf(block.PhysicalPc), block);
        IndexOtherPages(block);
        MarkCode(block);
    }

    private ulong PageOf(ulong physical) => (physical - _ramBase) >> PageShift;

    private static void Index(Dictionary<ulong, List<TranslatedBlock>> index, ulong page, TranslatedBlock block)
    {
        if (!index.TryGetValue(page, out var list))
            index.Add(page, list = new List<TranslatedBlock>());
        list.Add(block);
    }

    private static void Unindex(Dictionary<ulong, List<TranslatedBlock>> index, ulong page, TranslatedBlock block)
    {
        if (index.TryGetValue(page, out var list) && list.Remove(block) && list.Count == 0)
            index.Remove(page);
    }

    private void IndexOtherPages(TranslatedBlock block)
    {
        foreach (var other in block.OtherPages)
            Index(_byOtherPage, PageOf(other.Physical), block);
    }

    // Unindexes the block from its other pages but the one being emptied now (its list is being walked).
    private void UnindexOtherPages(TranslatedBlock block, ulong exceptPage = ulong.MaxValue)
    {
        foreach (var other in block.OtherPages)
            if (PageOf(other.Physical) != exceptPage)
                Unindex(_byOtherPage, PageOf(other.Physical), block);
    }

    /// <summary>
    /// The block last found for <paramref name="pc"/> in <paramref name="context"/>, if still valid: neither
    /// forgotten nor possibly remapped by an sfence.vma naming an address since (<see cref="PageFenceLog"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TranslatedBlock? Lookup(ulong pc, int context)
    {
        ref LookupEntry entry = ref _lookup[(int)(pc >> 1) & ((1 << LookupBits) - 1)];
        return entry.Pc == pc && entry.Context == context && entry.Epoch == _lookupEpoch && entry.Block is { Valid: true } block
            && (entry.Fences == _pageFences.Count || StillMapped(ref entry)) ? block : null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool StillMapped(ref LookupEntry entry)
    {
        if (_pageFences.AnySince(entry.Fences, entry.Pc, entry.Leaf))
            return false;
        entry.Fences = _pageFences.Count;
        return true;
    }

    /// <summary>Remembers <paramref name="block"/> for <paramref name="pc"/> in <paramref name="context"/>, fetched through a <paramref name="leaf"/> mapping.</summary>
    public void Remember(ulong pc, int context, TranslatedBlock block, FetchLeaf leaf)
    {
        ref LookupEntry entry = ref _lookup[(int)(pc >> 1) & ((1 << LookupBits) - 1)];
        entry.Pc = pc;
        entry.Context = context;
        entry.Epoch = _lookupEpoch;
        entry.Block = block;
        entry.Fences = _pageFences.Count;
        entry.Leaf = leaf;
    }

    /// <summary>Forgets every virtual-pc lookup (a mapping may have changed).</summary>
    public void ForgetLookups()
    {
        if (++_lookupEpoch == 0)
        {
            // Wrapped after 2^32 forgets: clear, so that no entry of an old epoch 1 can come back.
            Array.Clear(_lookup);
            _lookupEpoch = 1;
        }
    }

    /// <summary>Drops one block whose code's other pages no longer map where they did.</summary>
    public void Remove(TranslatedBlock block)
    {
        Drop(block);
        Unindex(_byPage, PageOf(block.PhysicalPc), block);
        UnindexOtherPages(block);
    }

    /// <summary>Invalidates the blocks overlapping a write; returns whether there were any.</summary>
    public bool InvalidateRange(ulong physical, int width)
    {
        bool any = false;
        ulong first = PageOf(physical), last = PageOf(physical + (ulong)width - 1);
        for (ulong page = first; page <= last; page++)
        {
            any |= DropOverlapping(_byPage, page, physical, width, block => UnindexOtherPages(block));
            any |= DropOverlapping(_byOtherPage, page, physical, width, block =>
            {
                Unindex(_byPage, PageOf(block.PhysicalPc), block);
                UnindexOtherPages(block, exceptPage: page);
                RemarkPage(PageOf(block.PhysicalPc));
            });
            if (any)
                RemarkPage(page);
        }
        return any;
    }

    /// <summary>
    /// Drops the blocks that <paramref name="index"/> holds for <paramref name="page"/> whose code overlaps the write, and
    /// hands each to <paramref name="unindexElsewhere"/> (for the other index); returns whether there were any.
    /// </summary>
    private bool DropOverlapping(Dictionary<ulong, List<TranslatedBlock>> index, ulong page, ulong physical, int width,
        Action<TranslatedBlock> unindexElsewhere)
    {
        if (!index.TryGetValue(page, out var list))
            return false;
        bool any = false;
        for (int i = list.Count - 1; i >= 0; i--)
        {
            var block = list[i];
            if (block.CodeOverlaps(physical, width))
            {
                Drop(block);
                list.RemoveAt(i);
                unindexElsewhere(block);
                any = true;
            }
        }
        if (list.Count == 0)
            index.Remove(page);
        return any;
    }

    /// <summary>
    /// Gives a held block new code (its region's, once compiled) with the other pages it lies in, keeping the
    /// other-page index and code flags in step.
    /// </summary>
    public void SetCode(TranslatedBlock block, CodeRange[] code, PageMapping[] otherPages)
    {
        UnindexOtherPages(block);
        block.Code = code;
        block.OtherPages = otherPages;
        IndexOtherPages(block);
        MarkCode(block);
    }

    /// <summary>
    /// Flags the granules a block's code occupies, and those a store ending inside the first bytes of a run starts
    /// in; in a user linear window, their pages hold code (so stores to them leave translated code's inline path).
    /// </summary>
    private void MarkCode(TranslatedBlock block)
    {
        foreach (var range in block.Code)
        {
            ulong start = range.Start - _ramBase;
            ulong first = (start >= LongestStore - 1 ? start - (LongestStore - 1) : 0) >> GranuleShift;
            ulong last = (start + (ulong)range.Length - 1) >> GranuleShift;
            for (ulong g = first; g <= last; g++)
                _granuleFlags[g] |= CodeFlag;
            for (ulong page = first / GranulesPerPage; page <= last / GranulesPerPage; page++)
                _window?.SetHoldsCode(page, true);
        }
    }

    /// <summary>
    /// Keeps <paramref name="window"/>'s <see cref="LinearUserWindow.HoldsCode"/> bits in step with the code flags
    /// from now on (null: no window).
    /// </summary>
    public void UseLinearWindow(LinearUserWindow? window)
    {
        _window = window;
        foreach (ulong page in _byPage.Keys)
        {
            SyncWindowPage(page);
            if (page > 0)
                SyncWindowPage(page - 1);
        }
        foreach (ulong page in _byOtherPage.Keys)
            SyncWindowPage(page);
    }

    // A page holds code when any of its granules is flagged.
    private void SyncWindowPage(ulong page)
    {
        if (_window == null)
            return;
        bool any = false;
        for (ulong g = page * GranulesPerPage; g < (page + 1) * GranulesPerPage && g < _granuleCount && !any; g++)
            any = (_granuleFlags[g] & CodeFlag) != 0;
        _window.SetHoldsCode(page, any);
    }

    /// <summary>Recomputes the code flags of one page's granules from the blocks left in it and the next page.</summary>
    private void RemarkPage(ulong page)
    {
        ulong first = page * GranulesPerPage;
        for (ulong g = first; g < first + GranulesPerPage && g < _granuleCount; g++)
            _granuleFlags[g] &= unchecked((byte)~CodeFlag);
        if (_byPage.TryGetValue(page, out var here))
            foreach (var block in here)
                MarkCode(block);
        if (_byPage.TryGetValue(page + 1, out var next))
            foreach (var block in next)
                if (((block.Code[0].Start - _ramBase) & ((1UL << PageShift) - 1)) < LongestStore - 1)
                    MarkCode(block);
        if (_byOtherPage.TryGetValue(page, out var reaching))
            foreach (var block in reaching)
                MarkCode(block);
        SyncWindowPage(page);
    }

    /// <summary>Drops every block.</summary>
    public void Flush()
    {
        foreach (var block in _blocks.All())
            block.Valid = false;
        _blocks.Clear();
        var pages = new ulong[_byPage.Count + _byOtherPage.Count];
        _byPage.Keys.CopyTo(pages, 0);
        _byOtherPage.Keys.CopyTo(pages, _byPage.Count);
        _byPage.Clear();
        _byOtherPage.Clear();
        foreach (var page in pages)
            RemarkPage(page);
        Array.Clear(_lookup); // drops the references too, so that the flushed blocks' code can be collected
        Array.Clear(_chains);
    }

    /// <summary>
    /// Sets <see cref="WatchedFlag"/> on the granules a store overlapping [start, start + size) starts in, and clears
    /// it everywhere else.
    /// </summary>
    public void SetWatched(ulong start, ulong size)
    {
        for (ulong g = 0; g < _granuleCount; g++)
            _granuleFlags[g] &= unchecked((byte)~WatchedFlag);
        if (size == 0 || start < _ramBase)
            return;
        ulong offset = start - _ramBase;
        ulong first = (offset >= LongestStore - 1 ? offset - (LongestStore - 1) : 0) >> GranuleShift;
        for (ulong g = first; g <= (offset + size - 1) >> GranuleShift && g < _granuleCount; g++)
            _granuleFlags[g] |= WatchedFlag;
    }

    private void Drop(TranslatedBlock block)
    {
        block.Valid = false;
        block.Next0 = block.Next1 = null;
        ref var chain = ref _chains[BlockRuntime.ChainSlot(block.GuestPc)];
        if (chain.Block == block)
            chain = default;
        _blocks.Remove(block);
        Invalidations++;
    }

    /// <summary>
    /// Blocks by key: a dictionary by physical pc (whose code ReadyToRun holds precompiled, unlike a dictionary keyed
    /// by <see cref="BlockKey"/>, which the first blocks would wait for RyuJIT to compile and then run at Tier0), with
    /// the rare blocks that share a physical pc (other virtual pcs or memory paths) chained through
    /// <see cref="TranslatedBlock.SamePhysicalPc"/>.
    /// </summary>
    private sealed class BlocksByKey
    {
        private readonly Dictionary<ulong, TranslatedBlock> _byPhysicalPc = new();

        public int Count { get; private set; }

        public TranslatedBlock? Find(BlockKey key)
        {
            _byPhysicalPc.TryGetValue(key.PhysicalPc, out var block);
            while (block != null && block.Key != key)
                block = block.SamePhysicalPc;
            return block;
        }

        public void Add(TranslatedBlock block)
        {
            if (Find(block.Key) != null)
                throw new ArgumentException($"a block for {block.Key} is already held");
            _byPhysicalPc.TryGetValue(block.PhysicalPc, out block.SamePhysicalPc);
            _byPhysicalPc[block.PhysicalPc] = block;
            Count++;
        }

        public void Remove(TranslatedBlock block)
        {
            if (!_byPhysicalPc.TryGetValue(block.PhysicalPc, out var first))
                return;
            if (first == block)
            {
                if (block.SamePhysicalPc is { } next)
                    _byPhysicalPc[block.PhysicalPc] = next;
                else
                    _byPhysicalPc.Remove(block.PhysicalPc);
            }
            else
            {
                var before = first;
                while (before.SamePhysicalPc != null && before.SamePhysicalPc != block)
                    before = before.SamePhysicalPc;
                if (before.SamePhysicalPc == null)
                    return;
                before.SamePhysicalPc = block.SamePhysicalPc;
            }
            block.SamePhysicalPc = null;
            Count--;
        }

        public IEnumerable<TranslatedBlock> All()
        {
            foreach (var first in _byPhysicalPc.Values)
                for (var block = first; block != null; block = block.SamePhysicalPc)
                    yield return block;
        }

        public void Clear()
        {
            foreach (var first in _byPhysicalPc.Values)
                for (TranslatedBlock? block = first, next; block != null; block = next)
                {
                    next = block.SamePhysicalPc;
                    block.SamePhysicalPc = null;
                }
            _byPhysicalPc.Clear();
            Count = 0;
        }
    }
}
