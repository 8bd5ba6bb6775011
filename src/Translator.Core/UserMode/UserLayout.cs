namespace Translator.UserMode;

/// <summary>
/// Where the user-mode machine places things in the guest's Sv39 address space (below 256 GiB). Everything it
/// chooses lies below <see cref="LinearTop"/>, where pages get linear frames (see
/// <see cref="Translator.Memory.LinearUserWindow"/>); MAP_FIXED mappings above it work, through the TLB.
/// </summary>
public static class UserLayout
{
    /// <summary>User pages below here are backed by the RAM frame at the same offset, when RAM has room.</summary>
    public const ulong LinearTop = 0x6000_0000;

    /// <summary>RAM kept for page tables and pages above <see cref="LinearTop"/>: a quarter of RAM, at most this.</summary>
    public const ulong PoolReserve = 256UL << 20;

    /// <summary>The top of the initial stack (one guard page below the linear top).</summary>
    public const ulong StackTop = LinearTop - 0x1000;

    /// <summary>The page holding the trampoline signal handlers return to (rt_sigreturn), above the stack.</summary>
    public const ulong SignalReturnPage = StackTop;

    /// <summary>The size of the initial stack mapping (RLIMIT_STACK's usual 8 MiB).</summary>
    public const ulong StackSize = 8UL << 20;

    /// <summary>mmap places mappings top-down from here, leaving room below the stack.</summary>
    public const ulong MmapTop = 0x5F00_0000;

    /// <summary>
    /// When nothing fits below <see cref="MmapTop"/>, anonymous mappings go top-down from here, above the linear window
    /// (through the TLB), their pages getting frames only when touched. Sv39 user space ends at 256 GiB.
    /// </summary>
    public const ulong HighMmapTop = 1UL << 38;

    /// <summary>The bottom of the range for anonymous mappings above the linear window (a gap above the stack).</summary>
    public const ulong HighMmapBottom = 1UL << 32;

    /// <summary>mmap never places mappings below here (the null page and low memory stay unmapped).</summary>
    public const ulong MmapBottom = 0x10_0000;

    /// <summary>The load bias of a static-PIE program (Linux uses two thirds of user space; any page works).</summary>
    public const ulong PieBase = 0x2000_0000;

    /// <summary>Physical address of guest RAM (it matches the system machine's, though nothing depends on it).</summary>
    public const ulong RamBase = 0x8000_0000;

    /// <summary>How much of RAM of <paramref name="ramSize"/> bytes becomes linear frames.</summary>
    public static ulong LinearSize(ulong ramSize) => Math.Min(LinearTop, ramSize - Math.Min(ramSize / 4, PoolReserve)) & ~0xFFFUL;
}
