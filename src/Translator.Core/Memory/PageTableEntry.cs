namespace Translator.Memory;

/// <summary>Sv39 page-table entry bits and the permission rule for a leaf, in one place.</summary>
public static class PageTableEntry
{
#pragma warning disable CS1591 // The names are the specification's PTE bit names.
    public const ulong Valid = 1 << 0, Readable = 1 << 1, Writable = 1 << 2, Executable = 1 << 3;
    public const ulong User = 1 << 4, Global = 1 << 5, Accessed = 1 << 6, Dirty = 1 << 7;
#pragma warning restore CS1591
    /// <summary>Bits 63:54 (N, PBMT and reserved): must be zero without Svnapot/Svpbmt.</summary>
    public const ulong ReservedHigh = 0x3FFUL << 54;
    /// <summary>Shift of the PPN field.</summary>
    public const int PpnShift = 10;
    /// <summary>Mask of the PPN field after shifting.</summary>
    public const ulong PpnMask = (1UL << 44) - 1;

    /// <summary>
    /// Whether a leaf with these bits allows an access. <paramref name="supervisor"/> is the effective privilege
    /// (S rather than U). SUM lets S load and store U pages but never execute them; U never touches S pages;
    /// MXR makes execute-only pages readable.
    /// </summary>
    public static bool Allows(ulong pte, AccessKind kind, bool supervisor, bool sum, bool mxr)
    {
        bool user = (pte & User) != 0;
        if (supervisor ? user && (kind == AccessKind.Execute || !sum) : !user)
            return false;
        return kind switch
        {
            AccessKind.Read => (pte & Readable) != 0 || (mxr && (pte & Executable) != 0),
            AccessKind.Write => (pte & Writable) != 0,
            _ => (pte & Executable) != 0,
        };
    }

    /// <summary>
    /// The TLB context of an access: bit 0 = supervisor, bit 1 = SUM, bit 2 = MXR. A TLB entry keeps a
    /// mask of the contexts its leaf allows, so toggling SUM or MXR needs no flush.
    /// </summary>
    public static int Context(bool supervisor, bool sum, bool mxr) => (supervisor ? 1 : 0) | (sum ? 2 : 0) | (mxr ? 4 : 0);

    /// <summary>The mask of the eight contexts in which a leaf allows an access of this kind.</summary>
    public static byte AllowedContexts(ulong pte, AccessKind kind)
    {
        byte mask = 0;
        for (int c = 0; c < 8; c++)
            if (Allows(pte, kind, (c & 1) != 0, (c & 2) != 0, (c & 4) != 0))
                mask |= (byte)(1 << c);
        return mask;
    }
}
