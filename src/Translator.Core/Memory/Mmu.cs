using System.Runtime.CompilerServices;
using Translator.Hart;

namespace Translator.Memory;

/// <summary>Counters of the MMU's work, for <c>--stats</c>.</summary>
public sealed class MmuStatistics
{
    /// <summary>Translated accesses served by the TLB.</summary>
    public ulong TlbHits;
    /// <summary>Translated accesses that missed the TLB (or hit an entry that did not allow them).</summary>
    public ulong TlbMisses;
    /// <summary>Sv39 page-table walks.</summary>
    public ulong PageWalks;
    /// <summary>Whole-TLB flushes (satp or PMP changes, global sfence.vma).</summary>
    public ulong Flushes;
}

/// <summary>
/// The single path for every guest fetch, load, store and AMO of both engines. Each entry point works out
/// the effective privilege (MPRV applies to loads and stores, never to fetches), translates through the
/// <see cref="Tlb"/> (walking the Sv39 tables on a miss) and checks PMP, then performs the access on RAM or a
/// device. A failed access returns false with <see cref="FaultCause"/> and <see cref="FaultValue"/> (the xtval)
/// set; nothing throws.
/// </summary>
/// <remarks>
/// M-mode accesses that are not redirected by MPRV have no translation; while no PMP entry is active they
/// need no check either, so they go straight to RAM.
/// </remarks>
public sealed unsafe class Mmu
{
    private const int PageShift = 12;
    private const ulong PageSize = 1UL << PageShift, PageMask = PageSize - 1;
    private const ulong SatpModeShift = 60, SatpModeSv39 = 8;

    private readonly Bus _bus;
    private readonly Ram _ram;
    private readonly Tlb _tlb = new();
    private ulong _generation = ulong.MaxValue;
    private bool _machineChecked;
    private byte* _codeGranules;
    private ICodeWriteObserver? _codeObserver;

    /// <summary>log2 of the RAM granule that <see cref="WatchCodePages"/>' flags describe (64 bytes).</summary>
    public const int CodeGranuleShift = 6;

    /// <summary>Creates the MMU for one hart on a bus.</summary>
    public Mmu(HartState hart, Bus bus)
    {
        Hart = hart;
        _bus = bus;
        _ram = bus.Ram;
    }

    /// <summary>The hart whose privilege and CSRs govern translation.</summary>
    public HartState Hart { get; }

    /// <summary>The bus behind the MMU.</summary>
    public Bus Bus => _bus;

    /// <summary>The TLB, for a translator that inlines the hit check; entries are filled and flushed only by this MMU.</summary>
    public Tlb Tlb => _tlb;

    /// <summary>
    /// The TLB permission context (<see cref="PageTableEntry.Context"/>) of loads and stores now, or -1 when they are
    /// not translated through the TLB (M-mode without MPRV redirecting them). Flushes a stale TLB first.
    /// </summary>
    public int DataContext
    {
        get
        {
            Synchronize();
            var privilege = DataPrivilege();
            return privilege == PrivilegeLevel.Machine ? -1 : CurrentContext(privilege);
        }
    }

    /// <summary>Set by a user address space whose low pages translated code may reach without the TLB (or null).</summary>
    public LinearUserWindow? LinearUserWindow { get; set; }

    /// <summary>TLB and walk counters.</summary>
    public MmuStatistics Statistics { get; } = new();

    /// <summary>
    /// Changes with every event that may change a virtual-to-physical mapping: TLB flushes (satp or PMP changes) and
    /// sfence.vma. An engine that caches fetch translations drops them when this changes.
    /// </summary>
    public ulong MappingEpoch => FullMappingEpoch + PageFences.Count;

    /// <summary>Bumped when any mapping may have changed: every flush but a fence that names an address.</summary>
    public ulong FullMappingEpoch { get; private set; }

    /// <summary>The addresses sfence.vma named (those fences leave <see cref="FullMappingEpoch"/> as it is).</summary>
    public PageFenceLog PageFences { get; } = new();

    /// <summary>The exception the last failed access raises.</summary>
    public ExceptionCause FaultCause { get; private set; }

    /// <summary>The xtval of the last failed access: the faulting virtual address.</summary>
    public ulong FaultValue { get; private set; }

    /// <summary>Fetches the instruction at <paramref name="pc"/>: 16 bits, and 16 more if it is a 32-bit instruction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Fetch(ulong pc, out uint raw)
    {
        if (Hart.Privilege == PrivilegeLevel.Machine && IsMachineUnchecked() && _ram.Contains(pc, 4))
        {
            raw = (uint)_ram.Read(pc, 4);
            if ((raw & 3) != 3) raw &= 0xFFFF;
            return true;
        }
        return FetchSlow(pc, out raw);
    }

    /// <summary>Loads <paramref name="width"/> bytes (zero-extended). Misaligned loads are performed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Load(ulong address, int width, out ulong value)
    {
        if (IsPlainMachineAccess() && _ram.Contains(address, width))
        {
            value = _ram.Read(address, width);
            return true;
        }
        if (TryLinearUserAccess(address, width, LinearUserWindow.Readable, out byte* host))
        {
            value = Ram.ReadHost(host, width);
            return true;
        }
        return LoadSlow(address, width, out value);
    }

    /// <summary>Stores the low <paramref name="width"/> bytes of <paramref name="value"/>. Misaligned stores are performed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Store(ulong address, int width, ulong value)
    {
        if (IsPlainMachineAccess() && _ram.Contains(address, width) && !_bus.IsWatched(address, width))
        {
            _ram.Write(address, width, value);
            if (_codeGranules != null)
                NoteWrite(address, width);
            return true;
        }
        if (TryLinearUserAccess(address, width, LinearUserWindow.StoreInline, out byte* host) && !_bus.IsWatched(_ram.Base + address, width))
        {
            Ram.WriteHost(host, width, value);
            return true;
        }
        return StoreSlow(address, width, value);
    }

    /// <summary>
    /// Translates the address of an AMO, LR or SC. These must be naturally aligned (a misaligned one raises
    /// address-misaligned, or load-misaligned for LR) and must target RAM (else an access fault). AMOs and SC
    /// are checked as stores (setting D), LR as a load.
    /// </summary>
    public bool TranslateAtomic(ulong address, int width, bool isLoadReserved, out ulong physical)
    {
        physical = 0;
        var kind = isLoadReserved ? AccessKind.Read : AccessKind.Write;
        if ((address & (ulong)(width - 1)) != 0)
            return Fail(isLoadReserved ? ExceptionCause.LoadAddressMisaligned : ExceptionCause.StoreAddressMisaligned, address);
        if (!Translate(address, kind, DataPrivilege(), out physical, width))
            return false;
        if (!_ram.Contains(physical, width))
            return Fail(AccessFaults.AccessFault(kind), address);
        if (!isLoadReserved && _codeGranules != null)
            NoteWrite(physical, width);
        return true;
    }

    /// <summary>
    /// sfence.vma: with an address, drops that page's translations; with an ASID only, drops non-global
    /// ones; with neither, everything.
    /// </summary>
    public void FenceVma(ulong? address, ulong? asid)
    {
        if (address is ulong va)
        {
            _tlb.FlushPage(va >> PageShift, keepGlobal: asid.HasValue);
            PageFences.Add(va);
        }
        else if (asid.HasValue)
        {
            _tlb.FlushNonGlobal();
            FullMappingEpoch++;
        }
        else
            FlushAll();
    }

    /// <summary>
    /// Asks to be told of every guest write (store, SC, AMO) that touches a RAM granule whose byte in
    /// <paramref name="granuleFlags"/> (one per 2^<see cref="CodeGranuleShift"/> bytes of RAM, pinned) is nonzero:
    /// a translator's code. Granules, not pages, so that data sharing a page with code stays cheap to write.
    /// </summary>
    public void WatchCodePages(byte* granuleFlags, ICodeWriteObserver observer)
    {
        _codeGranules = granuleFlags;
        _codeObserver = observer;
    }

    /// <summary>
    /// Whether loads and stores by M-mode go straight to RAM when MPRV is clear (no active PMP entry needs
    /// checking); a translator may then access RAM directly for them.
    /// </summary>
    public bool MachineAccessIsUnchecked
    {
        get
        {
            Synchronize();
            return !_machineChecked;
        }
    }

    /// <summary>
    /// For an engine's fetch cache: the host address of the start of the page holding <paramref name="pc"/>, if
    /// every instruction fetch from that page in the current context would read plain RAM there (translation,
    /// permissions and PMP all uniform over the page). Call it after a successful <see cref="Fetch"/> of
    /// <paramref name="pc"/>. The answer holds only until privilege, mstatus, satp, PMP or the TLB change, so the
    /// caller must drop it on every trap, xRET, CSR write and sfence.vma.
    /// </summary>
    public bool TryGetFetchPage(ulong pc, out byte* page)
    {
        page = null;
        Synchronize();
        var privilege = Hart.Privilege;
        ulong virtualPage = pc & ~PageMask;
        if (privilege != PrivilegeLevel.Machine)
            return TryTlbHit(virtualPage, AccessKind.Execute, privilege, out page);
        if (_machineChecked && !(Pmp.IsUniformOverPage(Hart.Csrs, virtualPage)
                && Pmp.Allows(Hart.Csrs, virtualPage, 1, AccessKind.Execute, privilege)))
            return false;
        if (!_ram.Contains(virtualPage, (int)PageSize))
            return false;
        page = _ram.Pointer + (virtualPage - _ram.Base);
        return true;
    }

    /// <summary>How the current privilege's fetches at <paramref name="pc"/> are mapped (after a fetch there succeeded).</summary>
    public FetchLeaf FetchLeafOf(ulong pc)
    {
        if (Hart.Privilege == PrivilegeLevel.Machine)
            return FetchLeaf.Untranslated;
        ulong vpn = pc >> PageShift;
        ref Tlb.Entry entry = ref _tlb.Slot(AccessKind.Execute, vpn);
        return entry.Vpn == vpn && !entry.FromSuperpage ? FetchLeaf.Page : FetchLeaf.Superpage;
    }

    /// <summary>Translates a virtual address for a debugger or tool, as a load by the current privilege would.</summary>
    public bool TryTranslate(ulong address, AccessKind kind, out ulong physical) =>
        Translate(address, kind, kind == AccessKind.Execute ? Hart.Privilege : DataPrivilege(), out physical);

    /// <summary>
    /// A U-mode access the <see cref="LinearUserWindow"/> covers, as translated code makes it: under the window's
    /// satp and without MXR, aligned, inside the window, and allowed by the page's access byte (for a store,
    /// <see cref="LinearUserWindow.StoreInline"/>: writable and holding no translated code; the caller also keeps
    /// watched RAM off it). The window's pages sit at the same offset in RAM as their virtual address.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryLinearUserAccess(ulong address, int width, byte needed, out byte* host)
    {
        host = null;
        if (!UserWindowApplies() || (address & (ulong)(width - 1)) != 0 || address >= LinearUserWindow!.Size
            || (LinearUserWindow.Access[address >> PageShift] & needed) == 0)
            return false;
        host = _ram.Pointer + address;
        return true;
    }

    /// <summary>
    /// Whether the <see cref="LinearUserWindow"/> serves loads and stores now: the hart is in U-mode under the window's
    /// satp, and MXR is clear (the window's access bytes do not cover execute-only pages made readable).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool UserWindowApplies() =>
        LinearUserWindow is { } window && Hart.Privilege == PrivilegeLevel.User && Hart.Csrs.Satp == window.Satp
        && (Hart.Csrs.Mstatus & MstatusBits.Mxr) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsPlainMachineAccess() =>
        Hart.Privilege == PrivilegeLevel.Machine && (Hart.Csrs.Mstatus & MstatusBits.Mprv) == 0 && IsMachineUnchecked();

    // M-mode needs PMP checks only when an entry is locked; a stale generation sends it the slow way to find out.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsMachineUnchecked() => !_machineChecked && _generation == Hart.Csrs.TranslationGeneration;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // on every access the interpreter makes outside M-mode
    private PrivilegeLevel DataPrivilege()
    {
        var privilege = Hart.Privilege;
        ulong mstatus = Hart.Csrs.Mstatus;
        if (privilege == PrivilegeLevel.Machine && (mstatus & MstatusBits.Mprv) != 0)
            privilege = (PrivilegeLevel)((mstatus & MstatusBits.Mpp) >> MstatusBits.MppShift);
        return privilege;
    }

    private bool FetchSlow(ulong pc, out uint raw)
    {
        Synchronize();
        var privilege = Hart.Privilege;
        if ((pc & PageMask) <= PageSize - 4 && TryTlbHit(pc, AccessKind.Execute, privilege, out byte* host))
        {
            raw = Unsafe.ReadUnaligned<uint>(host);
            if ((raw & 3) != 3) raw &= 0xFFFF;
            return true;
        }
        raw = 0;
        if (!ReadVirtual(pc, 2, AccessKind.Execute, privilege, out ulong low))
            return false;
        if ((low & 3) != 3)
        {
            raw = (uint)low;
            return true;
        }
        // The second parcel may lie on another page; a fault there reports its own address.
        if (!ReadVirtual(pc + 2, 2, AccessKind.Execute, privilege, out ulong high))
            return false;
        raw = (uint)(low | (high << 16));
        return true;
    }

    private bool LoadSlow(ulong address, int width, out ulong value)
    {
        Synchronize();
        return ReadVirtual(address, width, AccessKind.Read, DataPrivilege(), out value);
    }

    private bool ReadVirtual(ulong address, int width, AccessKind kind, PrivilegeLevel privilege, out ulong value)
    {
        value = 0;
        if ((address & PageMask) + (ulong)width > PageSize)
            return ReadAcrossPages(address, width, kind, privilege, out value);
        if (TryTlbHit(address, kind, privilege, out byte* host))
        {
            value = Ram.ReadHost(host, width);
            return true;
        }
        if (!Translate(address, kind, privilege, out ulong physical, width))
            return false;
        if (_bus.Read(physical, width, out value))
            return true;
        return Fail(AccessFaults.AccessFault(kind), address);
    }

    private bool StoreSlow(ulong address, int width, ulong value)
    {
        Synchronize();
        var privilege = DataPrivilege();
        if ((address & PageMask) + (ulong)width > PageSize)
            return WriteAcrossPages(address, width, value, privilege);
        if (TryTlbHit(address, AccessKind.Write, privilege, out byte* host))
        {
            Ram.WriteHost(host, width, value);
            if (_codeGranules != null)
                NoteWrite(_ram.Base + (ulong)(host - _ram.Pointer), width);
            return true;
        }
        if (!Translate(address, AccessKind.Write, privilege, out ulong physical, width))
            return false;
        if (_bus.Write(physical, width, value))
        {
            if (_codeGranules != null)
                NoteWrite(physical, width);
            return true;
        }
        return Fail(ExceptionCause.StoreAccessFault, address);
    }

    // A misaligned access that spans two pages: both must translate before any byte moves.
    private bool ReadAcrossPages(ulong address, int width, AccessKind kind, PrivilegeLevel privilege, out ulong value)
    {
        value = 0;
        ulong second = (address | PageMask) + 1;
        int firstWidth = (int)(second - address);
        if (!Translate(address, kind, privilege, out ulong first, firstWidth)
            || !Translate(second, kind, privilege, out ulong secondPhysical, width - firstWidth))
            return false;
        for (int i = 0; i < width; i++)
        {
            ulong va = address + (ulong)i;
            ulong pa = va < second ? first + (ulong)i : secondPhysical + (va - second);
            if (!_bus.Read(pa, 1, out ulong b))
                return Fail(AccessFaults.AccessFault(kind), va);
            value |= b << (8 * i);
        }
        return true;
    }

    private bool WriteAcrossPages(ulong address, int width, ulong value, PrivilegeLevel privilege)
    {
        ulong second = (address | PageMask) + 1;
        int firstWidth = (int)(second - address);
        if (!Translate(address, AccessKind.Write, privilege, out ulong first, firstWidth)
            || !Translate(second, AccessKind.Write, privilege, out ulong secondPhysical, width - firstWidth))
            return false;
        for (int i = 0; i < width; i++)
        {
            ulong va = address + (ulong)i;
            ulong pa = va < second ? first + (ulong)i : secondPhysical + (va - second);
            if (!_bus.Write(pa, 1, value >> (8 * i)))
                return Fail(ExceptionCause.StoreAccessFault, va);
            if (_codeGranules != null)
                NoteWrite(pa, 1);
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // on every access the interpreter makes outside M-mode
    private bool TryTlbHit(ulong address, AccessKind kind, PrivilegeLevel privilege, out byte* host)
    {
        host = null;
        if (privilege == PrivilegeLevel.Machine)
            return false;
        Synchronize();
        ulong vpn = address >> PageShift;
        ref Tlb.Entry entry = ref _tlb.Slot(kind, vpn);
        if (entry.Vpn != vpn || entry.Host == null || (entry.AllowedContexts & (1 << CurrentContext(privilege))) == 0)
            return false;
        Statistics.TlbHits++;
        host = entry.Host + (address & PageMask);
        return true;
    }

    /// <summary>Translates and checks one access; on success <paramref name="physical"/> is its physical address.</summary>
    private bool Translate(ulong address, AccessKind kind, PrivilegeLevel privilege, out ulong physical, int width = 1)
    {
        physical = address;
        var csrs = Hart.Csrs;
        if (privilege == PrivilegeLevel.Machine)
            return Pmp.Allows(csrs, address, (ulong)width, kind, privilege) || Fail(AccessFaults.AccessFault(kind), address);

        Synchronize();
        ulong vpn = address >> PageShift;
        int context = CurrentContext(privilege);
        ref Tlb.Entry entry = ref _tlb.Slot(kind, vpn);
        if (entry.Vpn == vpn && (entry.AllowedContexts & (1 << context)) != 0)
        {
            Statistics.TlbHits++;
            physical = entry.PhysicalPage | (address & PageMask);
            return true;
        }
        Statistics.TlbMisses++;

        ulong satp = csrs.Satp;
        bool translated = (satp >> (int)SatpModeShift) == SatpModeSv39;
        ulong leaf = PageTableEntry.Valid | PageTableEntry.Readable | PageTableEntry.Writable | PageTableEntry.Executable
            | (privilege == PrivilegeLevel.User ? PageTableEntry.User : 0);
        bool superpage = false;
        if (translated)
        {
            Statistics.PageWalks++;
            bool supervisor = privilege == PrivilegeLevel.Supervisor;
            ulong mstatus = csrs.Mstatus;
            if (!Sv39Walker.Walk(_bus, csrs, satp, address, kind, supervisor, (mstatus & MstatusBits.Sum) != 0,
                    (mstatus & MstatusBits.Mxr) != 0, out var walk, out var fault))
                return Fail(fault, address);
            physical = walk.PhysicalAddress;
            leaf = walk.Pte;
            superpage = walk.Level > 0;
        }
        if (!Pmp.Allows(csrs, physical, (ulong)width, kind, privilege))
            return Fail(AccessFaults.AccessFault(kind), address);

        ulong physicalPage = physical & ~PageMask;
        if (Pmp.IsUniformOverPage(csrs, physicalPage))
        {
            entry.Vpn = vpn;
            entry.PhysicalPage = physicalPage;
            entry.AllowedContexts = translated ? PageTableEntry.AllowedContexts(leaf, kind) : byte.MaxValue;
            entry.FromSuperpage = superpage;
            entry.Global = (leaf & PageTableEntry.Global) != 0;
            bool plainRam = _ram.Contains(physicalPage, (int)PageSize) && !(kind == AccessKind.Write && _bus.IsWatched(physicalPage, (int)PageSize));
            entry.Host = plainRam ? _ram.Pointer + (physicalPage - _ram.Base) : null;
            entry.InlineContexts = plainRam ? entry.AllowedContexts : (byte)0;
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // on every access the interpreter makes outside M-mode
    private int CurrentContext(PrivilegeLevel privilege)
    {
        ulong mstatus = Hart.Csrs.Mstatus;
        return PageTableEntry.Context(privilege == PrivilegeLevel.Supervisor, (mstatus & MstatusBits.Sum) != 0, (mstatus & MstatusBits.Mxr) != 0);
    }

    // Flushes when satp or PMP changed since the TLB was filled.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Synchronize()
    {
        if (_generation != Hart.Csrs.TranslationGeneration)
            FlushAll();
    }

    // Tells the code observer of a write into RAM that lands on a flagged granule (either end of the access).
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // on every store
    private void NoteWrite(ulong physical, int width)
    {
        if (!_ram.Contains(physical, width))
            return;
        ulong offset = physical - _ram.Base;
        if (_codeGranules[offset >> CodeGranuleShift] != 0 || _codeGranules[(offset + (ulong)width - 1) >> CodeGranuleShift] != 0)
            _codeObserver!.OnCodeWrite(physical, width);
    }

    private void FlushAll()
    {
        FullMappingEpoch++;
        _tlb.FlushAll();
        _generation = Hart.Csrs.TranslationGeneration;
        _machineChecked = Pmp.ConstrainsMachineMode(Hart.Csrs);
        Statistics.Flushes++;
    }

    private bool Fail(ExceptionCause cause, ulong address)
    {
        FaultCause = cause;
        FaultValue = address;
        return false;
    }
}

/// <summary>Told of guest writes into pages that hold translated code (see <see cref="Mmu.WatchCodePages"/>).</summary>
public interface ICodeWriteObserver
{
    /// <summary>Called after the guest wrote <paramref name="width"/> bytes at physical <paramref name="physicalAddress"/>.</summary>
    void OnCodeWrite(ulong physicalAddress, int width);
}
