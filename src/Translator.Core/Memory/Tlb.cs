using System.Runtime.CompilerServices;

namespace Translator.Memory;

/// <summary>
/// A direct-mapped TLB with one array per access kind (read, write, execute), indexed by virtual page number.
/// </summary>
/// <remarks>
/// The rule that keeps cached entries honest:
/// <list type="bullet">
/// <item>An entry caches only the translation (page → physical page) and, per access kind, a mask of the
/// eight permission contexts (supervisor or user × SUM × MXR, see <see cref="PageTableEntry.Context"/>) in
/// which its leaf allows that access. A hit must find its context's bit set; otherwise the access takes the
/// slow path, which walks again and raises the right fault. So changing privilege, SUM or MXR needs no flush
/// and costs nothing, and no cached entry can bypass a permission rule.</item>
/// <item>An entry is only filled by a walk of its own access kind, so a write entry exists only once the walk
/// has set the PTE's A and D bits, and a read entry only once A is set.</item>
/// <item>Everything a translation depends on besides the PTEs — satp (mode, ASID, root) and the PMP
/// registers — bumps <see cref="Translator.Hart.CsrFile.TranslationGeneration"/>; the MMU flushes on any change.
/// PTE changes are the guest's to announce with sfence.vma, as the specification requires.</item>
/// <item>A page that PMP does not treat uniformly is never cached, and a page that is not plain RAM (a device,
/// or RAM watched by HTIF for writes) is cached without a host pointer, so those accesses use the slow path.</item>
/// </list>
/// </remarks>
public sealed unsafe class Tlb
{
    /// <summary>Entries per access kind.</summary>
    public const int Sets = 256;
    private const ulong Invalid = ulong.MaxValue;
    private const int Slots = Sets * 3;
    // Native memory that never moves, so translated code can inline the hit check (see Entries); below 2 GiB where
    // the host allows, so that it addresses a slot with a 32-bit displacement rather than a 64-bit constant first.
    private readonly LowAddressBuffer _slots = new(Slots * sizeof(Entry));

    /// <summary>Creates an empty TLB.</summary>
    public Tlb()
    {
        Entries = (Entry*)_slots.Pointer;
        FlushAll();
    }

    /// <summary>The slots, <see cref="Sets"/> per access kind in <see cref="AccessKind"/> order; valid for the TLB's life.</summary>
    public Entry* Entries { get; }

    private Span<Entry> All => new(Entries, Slots);

    /// <summary>One cached translation.</summary>
    public struct Entry
    {
        /// <summary>The virtual page number, or all ones when the entry is empty.</summary>
        public ulong Vpn;
        /// <summary>The physical address of the page.</summary>
        public ulong PhysicalPage;
        /// <summary>The host address of the page in RAM, or null for the slow path.</summary>
        public byte* Host;
        /// <summary>The contexts in which the access is allowed (bit per <see cref="PageTableEntry.Context"/>).</summary>
        public byte AllowedContexts;
        /// <summary>
        /// The contexts in which translated code may access the page inline: <see cref="AllowedContexts"/> when
        /// <see cref="Host"/> is set (plain RAM), else none; one test instead of two.
        /// </summary>
        public byte InlineContexts;
        /// <summary>Whether the leaf is a superpage (one leaf backs many entries).</summary>
        public bool FromSuperpage;
        /// <summary>Whether the leaf is global (survives ASID-specific fences).</summary>
        public bool Global;
    }

    /// <summary>The slot that <paramref name="vpn"/> maps to for an access kind.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref Entry Slot(AccessKind kind, ulong vpn) => ref Entries[(int)kind * Sets + (int)(vpn & (Sets - 1))];

    /// <summary>Empties every slot.</summary>
    public void FlushAll()
    {
        foreach (ref Entry e in All) e.Vpn = Invalid;
    }

    /// <summary>
    /// sfence.vma with an address: drops the entries of that page. A superpage leaf backs entries of other
    /// pages too, so if any cached entry came from a superpage, every superpage entry goes as well.
    /// <paramref name="keepGlobal"/> is set for an ASID-specific fence, which leaves global mappings.
    /// </summary>
    public void FlushPage(ulong vpn, bool keepGlobal)
    {
        foreach (ref Entry e in All)
        {
            if (e.Vpn == Invalid || (keepGlobal && e.Global)) continue;
            if (e.Vpn == vpn || e.FromSuperpage) e.Vpn = Invalid;
        }
    }

    /// <summary>sfence.vma with only an ASID: drops every non-global entry.</summary>
    public void FlushNonGlobal()
    {
        foreach (ref Entry e in All)
            if (!e.Global) e.Vpn = Invalid;
    }
}
