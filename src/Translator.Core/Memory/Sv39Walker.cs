using Translator.Hart;

namespace Translator.Memory;

/// <summary>The result of a successful page-table walk.</summary>
/// <param name="PhysicalAddress">The translated address.</param>
/// <param name="Pte">The leaf PTE as it is after any A/D update.</param>
/// <param name="Level">0 for a 4 KiB page, 1 for a 2 MiB and 2 for a 1 GiB superpage.</param>
public readonly record struct Translation(ulong PhysicalAddress, ulong Pte, int Level);

/// <summary>
/// The Sv39 page-table walk of the privileged specification: three levels of 512 entries, superpages,
/// the permission rule of <see cref="PageTableEntry.Allows"/>, and hardware A/D updates (as QEMU does by
/// default). Page-table reads are implicit S-mode accesses checked by PMP; a failed one is an access fault.
/// </summary>
public static class Sv39Walker
{
    private const int Levels = 3, PageShift = 12, IndexBits = 9;

    /// <summary>Walks the tables rooted at satp's PPN; false with <paramref name="fault"/> on failure.</summary>
    public static bool Walk(Bus bus, CsrFile csrs, ulong satp, ulong va, AccessKind kind, bool supervisor, bool sum, bool mxr,
        out Translation translation, out ExceptionCause fault)
    {
        translation = default;
        fault = AccessFaults.PageFault(kind);
        // Bits 63:39 must all equal bit 38.
        if ((ulong)((long)(va << 25) >> 25) != va)
            return false;

        ulong table = (satp & PageTableEntry.PpnMask) << PageShift;
        for (int level = Levels - 1; level >= 0; level--)
        {
            ulong index = (va >> (PageShift + level * IndexBits)) & ((1 << IndexBits) - 1);
            ulong pteAddress = table + index * 8;
            if (!Pmp.Allows(csrs, pteAddress, 8, AccessKind.Read, PrivilegeLevel.Supervisor) || !bus.Read(pteAddress, 8, out ulong pte))
            {
                fault = AccessFaults.AccessFault(kind);
                return false;
            }
            if ((pte & PageTableEntry.Valid) == 0 || (pte & PageTableEntry.ReservedHigh) != 0
                || (pte & (PageTableEntry.Readable | PageTableEntry.Writable)) == PageTableEntry.Writable)
                return false;

            ulong ppn = (pte >> PageTableEntry.PpnShift) & PageTableEntry.PpnMask;
            if ((pte & (PageTableEntry.Readable | PageTableEntry.Executable)) == 0)
            {
                table = ppn << PageShift; // a pointer to the next level
                continue;
            }

            if (!PageTableEntry.Allows(pte, kind, supervisor, sum, mxr))
                return false;
            ulong lowPpnMask = (1UL << (level * IndexBits)) - 1;
            if ((ppn & lowPpnMask) != 0)
                return false; // misaligned superpage

            ulong updated = pte | PageTableEntry.Accessed | (kind == AccessKind.Write ? PageTableEntry.Dirty : 0);
            if (updated != pte)
            {
                if (!Pmp.Allows(csrs, pteAddress, 8, AccessKind.Write, PrivilegeLevel.Supervisor) || !bus.Write(pteAddress, 8, updated))
                {
                    fault = AccessFaults.AccessFault(kind);
                    return false;
                }
            }
            ulong offsetMask = (1UL << (PageShift + level * IndexBits)) - 1;
            translation = new Translation(((ppn << PageShift) & ~offsetMask) | (va & offsetMask), updated, level);
            return true;
        }
        return false; // a pointer at level 0
    }
}
