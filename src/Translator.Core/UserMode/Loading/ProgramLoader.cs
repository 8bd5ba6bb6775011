using ELFSharp.ELF.Segments;
using Translator.Loading;
using Translator.UserMode.Memory;

namespace Translator.UserMode.Loading;

/// <summary>Where a program landed in memory.</summary>
/// <param name="Bias">The load bias (non-zero for static-PIE programs).</param>
/// <param name="Entry">The entry point, biased.</param>
/// <param name="ProgramHeaderAddress">AT_PHDR.</param>
/// <param name="ProgramHeaderSize">AT_PHENT.</param>
/// <param name="ProgramHeaderCount">AT_PHNUM.</param>
/// <param name="BreakStart">The first page after the highest segment, where the heap starts.</param>
public sealed record LoadedProgram(ulong Bias, ulong Entry, ulong ProgramHeaderAddress, ulong ProgramHeaderSize, ulong ProgramHeaderCount, ulong BreakStart);

/// <summary>Maps a static or static-PIE ELF's segments into a fresh address space, as the kernel's ELF loader does.</summary>
public static class ProgramLoader
{
    /// <summary>Maps every PT_LOAD segment with its protections; the part past the file contents is zero.</summary>
    /// <exception cref="GuestImageException">The program is dynamically linked, or its segments do not fit.</exception>
    public static LoadedProgram Load(ElfImage image, AddressSpace memory)
    {
        if (image.Interpreter != null)
            throw new GuestImageException(
                $"{image.Path}: dynamically linked programs are not supported yet (it asks for {image.Interpreter}); link it with -static or -static-pie");
        var headers = image.ProgramHeaders;
        ulong bias = image.IsDynamicObject ? UserLayout.PieBase - AddressSpace.PageDown(image.Segments.Min(s => s.VirtualAddress)) : 0;
        ulong highest = 0;
        foreach (var segment in image.Segments)
        {
            if (segment.MemorySize == 0)
                continue;
            ulong start = segment.VirtualAddress + bias;
            ulong first = AddressSpace.PageDown(start), end = AddressSpace.PageUp(start + segment.MemorySize);
            if (!AddressSpace.IsUserRange(first, end - first) || first == 0)
                throw new GuestImageException($"{image.Path}: segment at 0x{segment.VirtualAddress:x} lies outside the user address space");
            var protection = ProtectionOf(segment.Flags);
            for (ulong page = first; page < end; page += AddressSpace.PageSize)
            {
                // Neighbouring segments may share a page; it gets both segments' protections.
                if (memory.IsMapped(page))
                    memory.AddProtection(page, protection);
                else if (!memory.TryMap(page, AddressSpace.PageSize, protection))
                    throw new GuestImageException($"{image.Path}: not enough guest memory for its segments");
            }
            memory.WriteIgnoringProtection(start, segment.Contents);
            highest = Math.Max(highest, end);
        }
        ulong table = headers.TableAddress();
        return new LoadedProgram(bias, image.Entry + bias, table == 0 ? 0 : table + bias, headers.EntrySize, headers.Count, highest);
    }

    private static Protection ProtectionOf(SegmentFlags flags)
    {
        var protection = Protection.None;
        if ((flags & SegmentFlags.Read) != 0) protection |= Protection.Read;
        if ((flags & SegmentFlags.Write) != 0) protection |= Protection.Write;
        if ((flags & SegmentFlags.Execute) != 0) protection |= Protection.Execute;
        return protection;
    }
}
