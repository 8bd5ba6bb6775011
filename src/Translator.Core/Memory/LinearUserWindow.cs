using System.Numerics;

namespace Translator.Memory;

/// <summary>
/// A promise from whoever builds a user address space (the user-mode machine) that lets translated code skip the
/// TLB: while satp equals <see cref="Satp"/>, a U-mode access to virtual address <c>a</c> below <see cref="Size"/>,
/// whose page's byte in <see cref="Access"/> has the access's bit, goes to RAM at <c>Ram.Base + a</c>, and its
/// PTE already has A and D set. Everything else takes the ordinary MMU path. The owner keeps the bytes in step
/// with its page tables.
/// </summary>
public sealed unsafe class LinearUserWindow
{
    /// <summary>The page may be read by U-mode.</summary>
    public const byte Readable = 1;

    /// <summary>The page may be written by U-mode.</summary>
    public const byte Writable = 2;

    /// <summary>
    /// Translated code may store to the page straight away: it is <see cref="Writable"/> and holds no code the
    /// translator knows (no <see cref="HoldsCode"/>), so a store cannot hit a translated block.
    /// </summary>
    public const byte StoreInline = 0x40;

    /// <summary>
    /// The translator has blocks in the page's frame: stores take the slow path, which invalidates them. Set and
    /// cleared by the translator; the owner keeps it when it rewrites the byte.
    /// </summary>
    public const byte HoldsCode = 0x20;

    /// <summary>The page's frame is the linear one and belongs to the guest (whatever its protection).</summary>
    public const byte InUse = 0x80;

    /// <summary>The access byte for a page with the given rights, keeping <paramref name="previous"/>'s <see cref="HoldsCode"/>.</summary>
    public static byte AccessByte(bool inUse, bool readable, bool writable, byte previous)
    {
        byte holdsCode = (byte)(previous & HoldsCode);
        if (!inUse)
            return holdsCode;
        byte access = (byte)(InUse | holdsCode);
        if (readable) access |= Readable;
        if (writable) access |= holdsCode == 0 ? (byte)(Writable | StoreInline) : Writable;
        return access;
    }

    /// <summary>Marks page <paramref name="index"/> as holding translated code, or no longer holding any.</summary>
    public void SetHoldsCode(ulong index, bool holdsCode)
    {
        if (index >= AccessEntries)
            return;
        byte access = Access[index];
        bool writable = (access & Writable) != 0;
        Access[index] = holdsCode
            ? (byte)((access | HoldsCode) & ~StoreInline)
            : (byte)((access & ~HoldsCode) | (writable ? StoreInline : 0));
    }

    private readonly LowAddressBuffer _access; // kept alive with the window: translated code reads it

    /// <summary>
    /// Creates a window over virtual [0, <paramref name="size"/>) with one access byte per page in
    /// <paramref name="access"/>, which holds <see cref="EntriesFor"/>(<paramref name="size"/>) bytes (below 2 GiB
    /// where the host allows, so that translated code addresses them with a 32-bit displacement).
    /// </summary>
    public LinearUserWindow(ulong satp, ulong size, LowAddressBuffer access)
    {
        if ((ulong)access.Length < EntriesFor(size))
            throw new ArgumentException("the access table is smaller than the window needs", nameof(access));
        Satp = satp;
        Size = size;
        _access = access;
        AccessEntries = EntriesFor(size);
    }

    /// <summary>
    /// The length of the access table for a window of <paramref name="size"/> bytes: its page count rounded up to a
    /// power of two, so that translated code can mask a page index into the table instead of testing it first.
    /// Bytes past the window's pages stay 0.
    /// </summary>
    public static ulong EntriesFor(ulong size) => BitOperations.RoundUpToPowerOf2(Math.Max(size >> 12, 1));

    /// <summary>The number of bytes at <see cref="Access"/>: a power of two, 0 past the window's pages.</summary>
    public ulong AccessEntries { get; }

    /// <summary>The satp under which the window holds.</summary>
    public ulong Satp { get; }

    /// <summary>Bytes of virtual (and RAM) address space the window covers, a multiple of 4 KiB.</summary>
    public ulong Size { get; }

    /// <summary>One byte per 4 KiB page: <see cref="Readable"/>, <see cref="Writable"/>, <see cref="StoreInline"/>, <see cref="HoldsCode"/>, <see cref="InUse"/>.</summary>
    public byte* Access => _access.Pointer;
}
