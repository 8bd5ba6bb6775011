using System.Buffers.Binary;
using ELFSharp.ELF.Segments;
using Translator.Machines;

namespace Translator.Loading;

/// <summary>
/// What system mode places in RAM before the hart starts, as QEMU's virt board does: the image the hart starts in
/// (a bare-metal program, or firmware such as OpenSBI), optionally a payload after the firmware (the kernel it jumps
/// to) and an initial RAM disk, which the device tree's /chosen points at.
/// </summary>
public sealed class BootImage
{
    /// <summary>A kernel after firmware starts at the firmware's end rounded up to this, where QEMU places it for RV64.</summary>
    public const ulong KernelAlignment = 2UL << 20;

    // The RISC-V Linux image header (the kernel's boot-image-header.rst): image_size at 16, magic2 "RSC\x05" at 56.
    private const int LinuxImageSizeOffset = 16, LinuxMagicOffset = 56, LinuxHeaderSize = 64;
    private const uint LinuxMagic = 0x0543_5352;

    private BootImage(string name, ulong entry, IReadOnlyList<LoadSegment> segments, ElfImage? started, ElfImage? symbols, byte[]? initialRamDisk)
    {
        Name = name;
        Entry = entry;
        Segments = segments;
        StartedElf = started;
        SymbolSource = symbols;
        InitialRamDisk = initialRamDisk;
    }

    /// <summary>The file names, for messages.</summary>
    public string Name { get; }

    /// <summary>Where the hart starts, in M-mode.</summary>
    public ulong Entry { get; }

    /// <summary>Everything placed at its physical address: the started image's segments, then the payload's.</summary>
    public IReadOnlyList<LoadSegment> Segments { get; }

    /// <summary>The ELF the hart starts in, when it is one (its <c>tohost</c> symbol enables HTIF).</summary>
    public ElfImage? StartedElf { get; }

    /// <summary>The ELF whose symbols name guest code in reports: the kernel when it is an ELF, else the started ELF.</summary>
    public ElfImage? SymbolSource { get; }

    /// <summary>The initial RAM disk's contents, or null.</summary>
    public byte[]? InitialRamDisk { get; }

    /// <summary>A bare-metal program started in M-mode at its entry point, with nothing else.</summary>
    public static BootImage FromElf(ElfImage program, byte[]? initialRamDisk = null) =>
        new(program.Path, program.Entry, program.Segments, program, program, initialRamDisk);

    /// <summary>
    /// Reads the files of a boot. Without <paramref name="firmware"/>, <paramref name="kernel"/> is an ELF started
    /// in M-mode. With it, the firmware (an ELF at its physical addresses, or a flat binary at the start of RAM) is
    /// started, and the kernel is placed after it at the next 2 MiB boundary, where OpenSBI's fw_jump jumps: a flat
    /// image such as Linux's <c>Image</c>, or an ELF linked with physical addresses below RAM such as Linux's
    /// <c>vmlinux</c> (its symbols then name the code in profiles); an ELF with physical addresses in RAM goes there.
    /// </summary>
    /// <exception cref="GuestImageException">A file is missing, unreadable or malformed.</exception>
    public static BootImage Load(string? firmware, string kernel, string? initialRamDisk)
    {
        byte[]? disk = initialRamDisk == null ? null : ElfImage.ReadFile(initialRamDisk);
        byte[] kernelBytes = ElfImage.ReadFile(kernel);
        if (firmware == null)
        {
            if (!ElfImage.HasElfMagic(kernelBytes))
                throw new GuestImageException($"{kernel}: not an ELF file (a flat kernel image needs --bios firmware to start it)");
            return FromElf(ElfImage.FromBytes(kernel, kernelBytes), disk);
        }

        byte[] firmwareBytes = ElfImage.ReadFile(firmware);
        var firmwareElf = ElfImage.HasElfMagic(firmwareBytes) ? ElfImage.FromBytes(firmware, firmwareBytes) : null;
        IReadOnlyList<LoadSegment> firmwareSegments = firmwareElf?.Segments ?? [FlatSegment(firmware, firmwareBytes, VirtMap.RamBase)];
        ulong entry = firmwareElf?.Entry ?? VirtMap.RamBase;

        ulong firmwareEnd = firmwareSegments.Max(s => s.PhysicalAddress + s.MemorySize);
        ulong kernelBase = (firmwareEnd + KernelAlignment - 1) & ~(KernelAlignment - 1);
        var kernelElf = ElfImage.HasElfMagic(kernelBytes) ? ElfImage.FromBytes(kernel, kernelBytes) : null;
        IReadOnlyList<LoadSegment> kernelSegments = kernelElf == null ? [FlatSegment(kernel, kernelBytes, kernelBase)]
            : LinkedBelowRam(kernelElf) ? Relocated(kernelElf.Segments, kernelBase)
            : kernelElf.Segments;
        foreach (var k in kernelSegments)
            foreach (var f in firmwareSegments)
                if (k.MemorySize > 0 && f.MemorySize > 0 && k.PhysicalAddress < f.PhysicalAddress + f.MemorySize && f.PhysicalAddress < k.PhysicalAddress + k.MemorySize)
                    throw new GuestImageException(
                        $"{kernel}: segment at 0x{k.PhysicalAddress:x} overlaps the firmware (0x{f.PhysicalAddress:x}-0x{f.PhysicalAddress + f.MemorySize - 1:x}); link the kernel at 0x{kernelBase:x} or above");
        return new BootImage($"{firmware} + {kernel}", entry, [.. firmwareSegments, .. kernelSegments], firmwareElf, kernelElf ?? firmwareElf, disk);
    }

    // Linux's vmlinux is linked at its virtual addresses with physical addresses from 0: it runs wherever it is put
    // (2 MiB aligned), so it goes where its flat Image would, keeping its segments' relative layout. (QEMU 7.2 loads
    // it at physical 0 and refuses it.)
    private static bool LinkedBelowRam(ElfImage kernel) => kernel.Segments.All(s => s.PhysicalAddress < VirtMap.RamBase);

    private static LoadSegment[] Relocated(IReadOnlyList<LoadSegment> segments, ulong kernelBase)
    {
        ulong lowest = segments.Min(s => s.PhysicalAddress);
        return segments.Select(s => s with { PhysicalAddress = kernelBase + (s.PhysicalAddress - lowest) }).ToArray();
    }

    // A flat image occupies its file, or for a Linux image the size its header gives (which covers its bss).
    private static LoadSegment FlatSegment(string path, byte[] contents, ulong address)
    {
        ulong size = (ulong)contents.Length;
        if (contents.Length >= LinuxHeaderSize && BinaryPrimitives.ReadUInt32LittleEndian(contents.AsSpan(LinuxMagicOffset)) == LinuxMagic)
            size = Math.Max(size, BinaryPrimitives.ReadUInt64LittleEndian(contents.AsSpan(LinuxImageSizeOffset)));
        if (size == 0)
            throw new GuestImageException($"{path}: empty image");
        return new LoadSegment(address, address, size, contents, SegmentFlags.Read | SegmentFlags.Write | SegmentFlags.Execute);
    }
}
