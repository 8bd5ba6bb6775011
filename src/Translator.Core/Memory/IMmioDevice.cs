namespace Translator.Memory;

/// <summary>A memory-mapped device: reads and writes of 1, 2, 4 or 8 bytes at an offset into its window.</summary>
public interface IMmioDevice
{
    /// <summary>A short name for messages and the device tree.</summary>
    string Name { get; }

    /// <summary>The size of the device's address window in bytes.</summary>
    ulong Size { get; }

    /// <summary>Reads <paramref name="width"/> bytes; false raises an access fault in the guest.</summary>
    bool Read(ulong offset, int width, out ulong value);

    /// <summary>Writes the low <paramref name="width"/> bytes of <paramref name="value"/>; false raises an access fault.</summary>
    bool Write(ulong offset, int width, ulong value);
}
