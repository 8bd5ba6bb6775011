using Translator.Hart;

namespace Translator.Memory;

/// <summary>
/// Physical memory protection checks (privileged spec, "Physical Memory Protection"): entries are
/// matched in order (OFF, TOR, NA4, NAPOT); the first entry that matches any byte of the access decides,
/// and it must cover all of it. M-mode is checked only against locked entries. An S or U access that no
/// entry matches fails, because this model implements PMP entries.
/// </summary>
public static class Pmp
{
    private const byte Read = 0x01, Write = 0x02, Execute = 0x04, ModeMask = 0x18, Locked = 0x80;
    private const byte ModeOff = 0x00, ModeTor = 0x08, ModeNa4 = 0x10, ModeNapot = 0x18;

    /// <summary>Whether an access of <paramref name="size"/> bytes at <paramref name="address"/> is allowed.</summary>
    public static bool Allows(CsrFile csrs, ulong address, ulong size, AccessKind kind, PrivilegeLevel privilege)
    {
        ulong last = address + size - 1;
        for (int i = 0; i < CsrFile.Isa.PmpEntries; i++)
        {
            byte cfg = csrs.PmpConfig[i];
            if (!Range(csrs, i, out ulong start, out ulong end))
                continue;
            bool touches = address < end && last >= start;
            if (!touches)
                continue;
            bool covers = address >= start && last < end;
            if (!covers)
                return false;
            if (privilege == PrivilegeLevel.Machine && (cfg & Locked) == 0)
                return true;
            return (cfg & Bit(kind)) != 0;
        }
        return privilege == PrivilegeLevel.Machine;
    }

    /// <summary>
    /// Whether M-mode accesses need checking: a locked entry binds M, and any active entry can make an
    /// M access fail when it matches only some of its bytes.
    /// </summary>
    public static bool ConstrainsMachineMode(CsrFile csrs)
    {
        foreach (byte cfg in csrs.PmpConfig)
            if ((cfg & ModeMask) != ModeOff) return true;
        return false;
    }

    /// <summary>
    /// Whether every byte of the 4 KiB page at <paramref name="page"/> gets the same answer, so that a TLB
    /// entry may cache it. True when no active entry boundary falls inside the page.
    /// </summary>
    public static bool IsUniformOverPage(CsrFile csrs, ulong page)
    {
        ulong pageEnd = page + 4096;
        for (int i = 0; i < CsrFile.Isa.PmpEntries; i++)
        {
            if (!Range(csrs, i, out ulong start, out ulong end))
                continue;
            if ((start > page && start < pageEnd) || (end > page && end < pageEnd))
                return false;
        }
        return true;
    }

    private static byte Bit(AccessKind kind) => kind switch
    {
        AccessKind.Read => Read,
        AccessKind.Write => Write,
        _ => Execute,
    };

    // The byte range [start, end) of an active entry; pmpaddr holds address bits 55:2.
    private static bool Range(CsrFile csrs, int i, out ulong start, out ulong end)
    {
        byte cfg = csrs.PmpConfig[i];
        ulong addr = csrs.PmpAddress[i];
        switch (cfg & ModeMask)
        {
            case ModeTor:
                start = i == 0 ? 0 : csrs.PmpAddress[i - 1] << 2;
                end = addr << 2;
                return start < end;
            case ModeNa4:
                start = addr << 2;
                end = start + 4;
                return true;
            case ModeNapot:
                int ones = System.Numerics.BitOperations.TrailingZeroCount(~addr);
                if (ones >= 54)
                {
                    start = 0;
                    end = ulong.MaxValue; // the whole address space (end is exclusive; the last byte is never used)
                    return true;
                }
                ulong size = 8UL << ones;
                start = (addr & ~((1UL << ones) - 1)) << 2;
                end = start + size;
                return true;
            default:
                start = end = 0;
                return false;
        }
    }
}
