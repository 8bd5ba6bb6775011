using Translator.Machines;

namespace Translator.Tools.Fuzzing;

/// <summary>Where a fuzz program's parts live in the machine's physical memory.</summary>
public static class FuzzLayout
{
    /// <summary>RAM size of a fuzz machine: small, but large enough that the device tree lands above the program.</summary>
    public const ulong MemorySize = 4UL << 20;

    /// <summary>The program's first instruction (the entry point).</summary>
    public const ulong CodeBase = VirtMap.RamBase;

    /// <summary>The most bytes of code a program may have.</summary>
    public const ulong CodeLimit = 0x4000;

    /// <summary>The page holding the loop counter; only the program's own loop code touches it.</summary>
    public const ulong ControlBase = CodeBase + CodeLimit;

    /// <summary>The region every fuzzed load, store and AMO targets.</summary>
    public const ulong DataBase = ControlBase + 0x1000;

    /// <summary>Size of the data region: two pages, so misaligned accesses can cross a page boundary.</summary>
    public const ulong DataSize = 0x2000;
}
