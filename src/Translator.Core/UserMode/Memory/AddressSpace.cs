using Translator.Memory;

namespace Translator.UserMode.Memory;

/// <summary>
/// The guest process's virtual memory, kept the way a kernel keeps it: Sv39 page tables in guest RAM that the
/// hart's own MMU walks. Every mapped page has <see cref="HostOwned"/> set in its PTE and owns a physical frame; a
/// PROT_NONE page keeps its frame with the valid bit clear. An anonymous page above the linear window may instead
/// get its frame when first touched (<see cref="TryMap"/>'s onTouch): until then its PTE has no frame and no valid
/// bit, and keeps the protection in its R, W and X bits (<see cref="TryTouch"/>). Every change flushes the MMU's TLB. Pages below the
/// allocator's linear size get their linear frame, and their protection is mirrored in the
/// <see cref="LinearUserWindow"/> given to the MMU, so translated code reaches them without the TLB.
/// </summary>
public sealed unsafe partial class AddressSpace
{
    /// <summary>The page size.</summary>
    public const ulong PageSize = PhysicalPageAllocator.PageSize;

    /// <summary>The first address above user space (Sv39's lower half).</summary>
    public const ulong UserTop = 1UL << 38;

    // A PTE software bit (RSW): the page has a frame that this address space owns.
    private const ulong HostOwned = 1UL << 8;
    private const int PageShift = 12, IndexBits = 9, Levels = 3;
    private const ulong IndexMask = (1 << IndexBits) - 1;
    private const ulong SatpModeSv39 = 8UL << 60;
    private const ulong UserLeaf = PageTableEntry.Valid | PageTableEntry.User | PageTableEntry.Accessed | PageTableEntry.Dirty;

    private readonly PhysicalPageAllocator _frames;
    private readonly Mmu _mmu;
    private readonly ulong _root;
    private readonly LowAddressBuffer _linearAccess;

    /// <summary>Creates an empty address space with its root table.</summary>
    /// <exception cref="InvalidOperationException">RAM has no room for the root table.</exception>
    public AddressSpace(PhysicalPageAllocator frames, Mmu mmu)
    {
        _frames = frames;
        _mmu = mmu;
        if (!frames.TryAllocate(out _root))
            throw new InvalidOperationException("no RAM for the root page table");
        _linearAccess = new LowAddressBuffer((int)LinearUserWindow.EntriesFor(frames.LinearSize));
        if (frames.LinearSize > 0)
            mmu.LinearUserWindow = new LinearUserWindow(Satp, frames.LinearSize, _linearAccess);
    }

    /// <summary>The pages of RAM (4 KiB, by index from RAM's base) that hold the guest's linear frames now.</summary>
    public IEnumerable<int> LinearPagesInUse()
    {
        var pages = new List<int>();
        var access = _linearAccess.Bytes;
        for (int page = 0; page < access.Length; page++)
            if ((access[page] & LinearUserWindow.InUse) != 0)
                pages.Add(page);
        return pages;
    }

    /// <summary>
    /// Told of every write the host makes into guest pages (syscall results, file mappings, freed frames), which
    /// the MMU never sees: an engine that caches translated code by physical address must drop it.
    /// </summary>
    public ICodeWriteObserver? CodeWriteObserver { get; set; }

    /// <summary>The satp value that selects these tables (Sv39, ASID 0).</summary>
    public ulong Satp => SatpModeSv39 | (_root >> PageShift);

    /// <summary>Rounds up to a page boundary.</summary>
    public static ulong PageUp(ulong value) => (value + PageSize - 1) & ~(PageSize - 1);

    /// <summary>Rounds down to a page boundary.</summary>
    public static ulong PageDown(ulong value) => value & ~(PageSize - 1);

    /// <summary>Whether [start, start+length) lies in user space.</summary>
    public static bool IsUserRange(ulong start, ulong length) => start < UserTop && length <= UserTop - start;

    /// <summary>Whether the page holding <paramref name="address"/> is mapped (with any protection).</summary>
    public bool IsMapped(ulong address)
    {
        ulong* slot = Leaf(address, create: false);
        return slot != null && *slot != 0;
    }

    /// <summary>Whether no page of [start, start+length) is mapped.</summary>
    public bool IsFree(ulong start, ulong length)
    {
        if (!IsUserRange(start, length))
            return false;
        for (ulong page = PageDown(start); page < start + length; page += PageSize)
        {
            if (IsMapped(page))
                return false;
        }
        return true;
    }

    /// <summary>
    /// Maps fresh zeroed pages over [start, start+length) (page aligned, currently free). False, with nothing
    /// mapped, when RAM runs out.
    /// </summary>
    /// <remarks>
    /// With <paramref name="onTouch"/>, pages outside the linear window get their frame from the pool only when first
    /// touched, so a large reservation (a thread's stack, an allocator's arena) costs RAM only for what is used.
    /// </remarks>
    public bool TryMap(ulong start, ulong length, Protection protection, bool onTouch = false)
    {
        for (ulong page = start; page < start + length; page += PageSize)
        {
            ulong* slot = Leaf(page, create: true);
            ulong frame = 0;
            if (slot == null || (!(onTouch && page + PageSize > _frames.LinearSize) && !_frames.TryAllocateFor(page, out frame)))
            {
                Unmap(start, page - start);
                return false;
            }
            SetLeaf(page, slot, Pte(frame, protection));
        }
        _mmu.FenceVma(null, null);
        return true;
    }

    /// <summary>Unmaps every mapped page in [start, start+length) and frees its frame.</summary>
    public void Unmap(ulong start, ulong length)
    {
        // Frames are freed in physically contiguous runs, one host call each (a linear range is one run).
        var run = new FrameRun(_frames.FreeRun);
        for (ulong page = PageDown(start); page < start + length; page += PageSize)
        {
            ulong* slot = Leaf(page, create: false);
            if (slot == null || *slot == 0)
                continue;
            ulong frame = Frame(*slot);
            if (frame != 0) // else never touched: no frame to give back
            {
                CodeWriteObserver?.OnCodeWrite(frame, (int)PageSize);
                UnshareFrame(page, *slot);
                _pastEndOfFile.Remove(page);
                run.Add(frame);
            }
            SetLeaf(page, slot, 0);
        }
        run.Flush();
        _mmu.FenceVma(null, null);
    }

    /// <summary>Changes the protection of [start, start+length); false (changing nothing) if a page is unmapped.</summary>
    public bool TryProtect(ulong start, ulong length, Protection protection)
    {
        for (ulong page = start; page < start + length; page += PageSize)
        {
            if (!IsMapped(page))
                return false;
        }
        for (ulong page = start; page < start + length; page += PageSize)
        {
            if (_pastEndOfFile.Contains(page))
                continue; // past its file's end a shared page stays without access, as on Linux (SIGBUS)
            ulong* slot = Leaf(page, create: false);
            SetLeaf(page, slot, Pte(Frame(*slot), protection) | (*slot & FileShared));
        }
        _mmu.FenceVma(null, null);
        return true;
    }

    /// <summary>Adds protections to one mapped page (for ELF segments that share a page).</summary>
    public void AddProtection(ulong page, Protection protection)
    {
        ulong* slot = Leaf(page, create: false);
        if (slot == null || *slot == 0)
            return;
        SetLeaf(page, slot, Pte(Frame(*slot), ProtectionOf(*slot) | protection) | (*slot & FileShared));
        _mmu.FenceVma(null, null);
    }

    /// <summary>The protection of a mapped page.</summary>
    public Protection ProtectionAt(ulong address)
    {
        ulong* slot = Leaf(address, create: false);
        return slot == null ? Protection.None : ProtectionOf(*slot);
    }

    /// <summary>
    /// Finds the highest free page-aligned range of <paramref name="length"/> bytes that ends at or below
    /// <paramref name="below"/> and starts at or above <paramref name="above"/>.
    /// </summary>
    public bool TryFindFree(ulong length, ulong above, ulong below, out ulong start)
    {
        ulong end = PageDown(below);
        while (end >= above + length)
        {
            start = end - length;
            ulong blocked = 0;
            for (ulong page = end - PageSize; ; page -= PageSize)
            {
                if (IsMapped(page))
                {
                    blocked = page;
                    break;
                }
                if (page == start)
                    return true;
            }
            end = blocked;
        }
        start = 0;
        return false;
    }

    /// <summary>
    /// Moves the pages of [from, from+length) to the free range at <paramref name="to"/>: pool frames move with
    /// their pages; a linear frame stays with its address, so its bytes are copied to the new page's frame (or, for a
    /// shared file page, the file's page is mapped over it).
    /// </summary>
    public bool TryMove(ulong from, ulong length, ulong to)
    {
        for (ulong offset = 0; offset < length; offset += PageSize)
        {
            if (Leaf(to + offset, create: true) == null)
                return false;
        }
        for (ulong offset = 0; offset < length; offset += PageSize)
        {
            ulong* source = Leaf(from + offset, create: false);
            if (source == null || *source == 0)
                continue;
            ulong pte = *source, frame = Frame(pte);
            if (_frames.IsLinearFrame(from + offset, frame))
            {
                if (!_frames.TryAllocateFor(to + offset, out ulong copy))
                    return false;
                if ((pte & FileShared) == 0)
                    new Span<byte>(_frames.Host(frame), (int)PageSize).CopyTo(new Span<byte>(_frames.Host(copy), (int)PageSize));
                else if (!TryMoveShared(from + offset, to + offset, frame, copy))
                {
                    _frames.Free(copy);
                    return false;
                }
                CodeWriteObserver?.OnCodeWrite(frame, (int)PageSize);
                _frames.Free(frame);
                pte = (pte & ~(PageTableEntry.PpnMask << PageTableEntry.PpnShift)) | ((copy >> PageShift) << PageTableEntry.PpnShift);
            }
            else
                TryMoveShared(from + offset, to + offset, frame, frame); // the frame, and the file's page on it, move with the page
            if (_pastEndOfFile.Remove(from + offset))
                _pastEndOfFile.Add(to + offset);
            SetLeaf(to + offset, Leaf(to + offset, create: true), pte);
            SetLeaf(from + offset, source, 0);
        }
        _mmu.FenceVma(null, null);
        return true;
    }

    // Gathers frames into physically contiguous runs and hands each run, when it ends, to one call.
    private struct FrameRun(Action<ulong, ulong> handle)
    {
        private ulong _start, _length;

        public void Add(ulong frame)
        {
            if (_length > 0 && frame == _start + _length)
            {
                _length += PageSize;
                return;
            }
            Flush();
            (_start, _length) = (frame, PageSize);
        }

        public void Flush()
        {
            if (_length > 0)
                handle(_start, _length);
            _length = 0;
        }
    }

    // Every leaf PTE is written here, so the linear window's access bytes follow the page tables.
    private void SetLeaf(ulong page, ulong* slot, ulong pte)
    {
        *slot = pte;
        ulong index = page / PageSize;
        if (index >= _frames.LinearSize / PageSize)
            return;
        bool linear = pte != 0 && _frames.IsLinearFrame(page, Frame(pte));
        bool valid = (pte & PageTableEntry.Valid) != 0;
        _linearAccess.Pointer[index] = LinearUserWindow.AccessByte(linear, valid && (pte & PageTableEntry.Readable) != 0,
            valid && (pte & PageTableEntry.Writable) != 0, _linearAccess.Pointer[index]);
    }

    // A PTE for a page with its frame; with frame 0 (no frame until touched) only the protection bits, not valid.
    private static ulong Pte(ulong frame, Protection protection)
    {
        ulong pte = ((frame >> PageShift) << PageTableEntry.PpnShift) | HostOwned;
        if (protection == Protection.None)
            return pte;
        if (frame != 0)
            pte |= UserLeaf;
        // RISC-V has no write-only pages: writable implies readable, as in Linux.
        if ((protection & (Protection.Read | Protection.Write)) != 0) pte |= PageTableEntry.Readable;
        if ((protection & Protection.Write) != 0) pte |= PageTableEntry.Writable;
        if ((protection & Protection.Execute) != 0) pte |= PageTableEntry.Executable;
        return pte;
    }

    private static Protection ProtectionOf(ulong pte)
    {
        if ((pte & PageTableEntry.Valid) == 0 && Frame(pte) != 0)
            return Protection.None;
        var protection = Protection.None;
        if ((pte & PageTableEntry.Readable) != 0) protection |= Protection.Read;
        if ((pte & PageTableEntry.Writable) != 0) protection |= Protection.Write;
        if ((pte & PageTableEntry.Executable) != 0) protection |= Protection.Execute;
        return protection;
    }

    /// <summary>
    /// Gives a page mapped to get its frame on first touch (<see cref="TryMap"/>) its frame, if the page's protection
    /// allows <paramref name="access"/>: for the fault the access raised, which the program then retries. False when
    /// the page is not such a page, forbids the access, or RAM is exhausted (<paramref name="outOfMemory"/>).
    /// </summary>
    public bool TryTouch(ulong address, Protection access, out bool outOfMemory)
    {
        outOfMemory = false;
        ulong page = PageDown(address);
        ulong* slot = Leaf(page, create: false);
        if (slot == null || *slot == 0 || Frame(*slot) != 0)
            return false;
        var protection = ProtectionOf(*slot);
        if ((protection & access) != access || protection == Protection.None)
            return false;
        if (!_frames.TryAllocateFor(page, out ulong frame))
        {
            outOfMemory = true;
            return false;
        }
        SetLeaf(page, slot, Pte(frame, protection));
        _mmu.FenceVma(null, null);
        return true;
    }

    private static ulong Frame(ulong pte) => ((pte >> PageTableEntry.PpnShift) & PageTableEntry.PpnMask) << PageShift;

    // The level-0 PTE for an address, creating the intermediate tables when asked; null if absent or out of RAM.
    private ulong* Leaf(ulong address, bool create)
    {
        if (address >= UserTop)
            return null;
        ulong table = _root;
        for (int level = Levels - 1; level > 0; level--)
        {
            ulong* slot = (ulong*)_frames.Host(table) + ((address >> (PageShift + level * IndexBits)) & IndexMask);
            if (*slot == 0)
            {
                if (!create || !_frames.TryAllocate(out ulong next))
                    return null;
                *slot = ((next >> PageShift) << PageTableEntry.PpnShift) | PageTableEntry.Valid;
            }
            table = Frame(*slot);
        }
        return (ulong*)_frames.Host(table) + ((address >> PageShift) & IndexMask);
    }
}
