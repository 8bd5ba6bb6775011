namespace Translator.UserMode;

/// <summary>Where the user-mode machine places things in the guest's Sv39 address space (below 256 GiB).</summary>
public static class UserLayout
{
    /// <summary>The top of the initial stack (one guard page below the end of user space).</summary>
    public const ulong StackTop = 0x3F_FFFF_F000;

    /// <summary>The size of the initial stack mapping (RLIMIT_STACK's usual 8 MiB).</summary>
    public const ulong StackSize = 8UL << 20;

    /// <summary>mmap places mappings top-down from here, leaving room below the stack.</summary>
    public const ulong MmapTop = 0x3F_0000_0000;

    /// <summary>mmap never places mappings below here (the null page and low memory stay unmapped).</summary>
    public const ulong MmapBottom = 0x10_0000;

    /// <summary>The load bias of a static-PIE program: two thirds of Sv39 user space, as Linux's ELF_ET_DYN_BASE.</summary>
    public const ulong PieBase = 0x2A_AAAA_A000;

    /// <summary>Physical address of guest RAM (it matches the system machine's, though nothing depends on it).</summary>
    public const ulong RamBase = 0x8000_0000;
}
