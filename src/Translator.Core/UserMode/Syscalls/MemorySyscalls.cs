using Translator.UserMode.Abi;
using Translator.UserMode.Files;
using Translator.UserMode.Memory;

namespace Translator.UserMode.Syscalls;

/// <summary>
/// The program break and memory mappings. Each call edits the page tables through <see cref="AddressSpace"/>,
/// which flushes the TLB. Private file mappings are copies, filled from the file when mapped; shared ones are the
/// host's own shared mapping of the file, put over the pages' frames (see AddressSpace.SharedFiles.cs).
/// </summary>
public sealed unsafe class MemorySyscalls : SyscallArea
{
    private const int MapShared = 0x01, MapTypeMask = 0x0F, MapFixed = 0x10, MapAnonymous = 0x20, MapFixedNoReplace = 0x100000;
    private const int MremapMayMove = 1, MremapFixed = 2;
    private const int MadviseDontNeed = 4;
    private const Protection AllProtections = Protection.Read | Protection.Write | Protection.Execute;

    /// <summary>Creates the area.</summary>
    public MemorySyscalls(GuestProcess process) : base(process) { }

    /// <inheritdoc/>
    public override void Register(SyscallTable table)
    {
        table.Add(SyscallNumber.brk, "p", Brk, returnsAddress: true);
        table.Add(SyscallNumber.mmap, "puxxdx", Mmap, returnsAddress: true);
        table.Add(SyscallNumber.munmap, "pu", Munmap);
        table.Add(SyscallNumber.mprotect, "pux", Mprotect);
        table.Add(SyscallNumber.mremap, "puuxp", Mremap, returnsAddress: true);
        table.Add(SyscallNumber.madvise, "pud", Madvise);
        table.Add(SyscallNumber.msync, "pux", _ => 0);
        table.Add(SyscallNumber.mincore, "pup", Mincore);
        table.Add(SyscallNumber.mlock, "pu", _ => 0);
        table.Add(SyscallNumber.munlock, "pu", _ => 0);
        table.Add(SyscallNumber.riscv_flush_icache, "ppx", _ => 0); // the engines never run stale code
    }

    private long Brk(SyscallArguments args)
    {
        ulong wanted = args[0];
        if (wanted < Process.BreakStart || wanted > UserLayout.MmapTop)
            return (long)Process.Break;
        ulong oldTop = AddressSpace.PageUp(Process.Break), newTop = AddressSpace.PageUp(wanted);
        if (newTop > oldTop)
        {
            if (!Memory.IsFree(oldTop, newTop - oldTop) || !Memory.TryMap(oldTop, newTop - oldTop, Protection.Read | Protection.Write))
                return (long)Process.Break;
        }
        else if (newTop < oldTop)
        {
            Memory.Unmap(newTop, oldTop - newTop);
        }
        Process.Break = wanted;
        return (long)wanted;
    }

    private long Mmap(SyscallArguments args)
    {
        ulong address = args[0], length = args[1], offset = args[5];
        var protection = (Protection)(args.Int(2) & (int)AllProtections);
        int flags = args.Int(3);
        bool anonymous = (flags & MapAnonymous) != 0;
        if (length == 0 || (offset & (AddressSpace.PageSize - 1)) != 0 || (flags & MapTypeMask) == 0)
            return Invalid;
        length = AddressSpace.PageUp(length);
        if (length == 0 || length >= AddressSpace.UserTop)
            return -Errno.ENOMEM;

        OpenFile? file = null;
        bool shared = false;
        if (!anonymous)
        {
            file = Process.Files.Get(args.Int(4));
            if (file == null)
                return BadDescriptor;
            if (file.IsDirectory)
                return -Errno.ENODEV;
            // Code in a shared page could change under translated code without a store the translator sees, so
            // an executable shared mapping stays a copy, and one that is writable as well is refused.
            shared = (flags & MapTypeMask) == MapShared && (protection & Protection.Execute) == 0;
            if ((flags & MapTypeMask) == MapShared && (protection & (Protection.Write | Protection.Execute)) == (Protection.Write | Protection.Execute))
            {
                Process.Warn("mmap: shared writable and executable file mappings are not supported");
                return -Errno.ENOSYS;
            }
        }

        if ((flags & (MapFixed | MapFixedNoReplace)) != 0)
        {
            if ((address & (AddressSpace.PageSize - 1)) != 0)
                return Invalid;
            if (!AddressSpace.IsUserRange(address, length) || address < AddressSpace.PageSize)
                return -Errno.ENOMEM;
            if (!Memory.IsFree(address, length))
            {
                if ((flags & MapFixedNoReplace) != 0)
                    return -Errno.EEXIST;
                Memory.Unmap(address, length);
            }
        }
        else
        {
            address = AddressSpace.PageDown(address);
            bool hintUsable = address >= UserLayout.MmapBottom && address + length <= UserLayout.MmapTop && Memory.IsFree(address, length);
            // When the linear window is full, an anonymous mapping goes above it, its pages getting frames on first touch.
            if (!hintUsable && !Memory.TryFindFree(length, UserLayout.MmapBottom, UserLayout.MmapTop, out address)
                && !(anonymous && !shared && TryFindFreeHigh(length, out address)))
                return -Errno.ENOMEM;
        }
        if (shared)
        {
            if (Memory.WouldShareAgain(file!.HostFd, (long)offset, length))
            {
                Process.Warn("mmap: a second mapping of a shared file page is not supported under --difftest");
                return -Errno.ENOSYS;
            }
            long error = Memory.TryMapShared(address, length, protection, file!.HostFd, (long)offset);
            return error != 0 ? error : (long)address;
        }
        if (!Memory.TryMap(address, length, protection, onTouch: anonymous))
            return -Errno.ENOMEM;
        if (file != null)
        {
            long filled = Fill(file, address, length, (long)offset);
            if (filled < 0)
            {
                Memory.Unmap(address, length);
                return filled;
            }
        }
        return (long)address;
    }

    // The search goes down from the last mapping placed above the window first (usually free right below it), then
    // over the whole range: the scan tests page by page, so starting at the top each time would pass every earlier
    // mapping again (a thousand threads' stacks).
    private ulong _highPlaced = UserLayout.HighMmapTop;

    private bool TryFindFreeHigh(ulong length, out ulong address)
    {
        if (!Memory.TryFindFree(length, UserLayout.HighMmapBottom, _highPlaced, out address)
            && !Memory.TryFindFree(length, UserLayout.HighMmapBottom, UserLayout.HighMmapTop, out address))
            return false;
        _highPlaced = address;
        return true;
    }

    // Copies the file's bytes into a new private mapping; past the end of the file the pages stay zero.
    private long Fill(OpenFile file, ulong address, ulong length, long offset)
    {
        byte[] buffer = new byte[Math.Min(length, 1UL << 20)];
        ulong done = 0;
        while (done < length)
        {
            nint got;
            fixed (byte* p = buffer)
                got = HostCalls.pread(file.HostFd, p, (nint)Math.Min((ulong)buffer.Length, length - done), offset + (long)done);
            if (got < 0)
                return HostCalls.Error();
            if (got == 0)
                break;
            Memory.WriteIgnoringProtection(address + done, buffer.AsSpan(0, (int)got));
            done += (ulong)got;
        }
        return 0;
    }

    private long Munmap(SyscallArguments args)
    {
        ulong address = args[0], length = AddressSpace.PageUp(args[1]);
        if ((address & (AddressSpace.PageSize - 1)) != 0 || length == 0 || !AddressSpace.IsUserRange(address, length))
            return Invalid;
        Memory.Unmap(address, length);
        return 0;
    }

    private long Mprotect(SyscallArguments args)
    {
        ulong address = args[0], length = AddressSpace.PageUp(args[1]);
        if ((address & (AddressSpace.PageSize - 1)) != 0 || !AddressSpace.IsUserRange(address, length))
            return Invalid;
        var protection = (Protection)(args.Int(2) & (int)AllProtections);
        if ((protection & (Protection.Write | Protection.Execute)) != 0 && Memory.HasSharedFilePages(address, length))
        {
            for (ulong page = address; page < address + length; page += AddressSpace.PageSize)
                if ((protection & Protection.Write) != 0 && Memory.IsReadOnlySharedFile(page))
                    return -Errno.EACCES; // as Linux: the file was not opened for writing
            if ((protection & Protection.Execute) != 0)
            {
                Process.Warn("mprotect: executable shared file mappings are not supported");
                return -Errno.EACCES;
            }
        }
        return Memory.TryProtect(address, length, protection) ? 0 : -Errno.ENOMEM;
    }

    private long Mremap(SyscallArguments args)
    {
        ulong old = args[0], oldLength = AddressSpace.PageUp(args[1]), newLength = AddressSpace.PageUp(args[2]);
        int flags = args.Int(3);
        if ((old & (AddressSpace.PageSize - 1)) != 0 || newLength == 0 || (flags & ~(MremapMayMove | MremapFixed)) != 0)
            return Invalid;
        if ((flags & MremapFixed) != 0)
        {
            Process.Warn("mremap: MREMAP_FIXED is not supported");
            return Invalid;
        }
        if (!AddressSpace.IsUserRange(old, oldLength) || !Memory.IsMapped(old))
            return -Errno.EFAULT;
        if (newLength <= oldLength)
        {
            Memory.Unmap(old + newLength, oldLength - newLength);
            return (long)old;
        }
        var protection = Memory.ProtectionAt(old);
        ulong extra = newLength - oldLength;
        if (Memory.IsFree(old + oldLength, extra))
        {
            long grown = Grow(old, oldLength, extra, protection);
            return grown == 0 ? (long)old : grown;
        }
        if ((flags & MremapMayMove) == 0)
            return -Errno.ENOMEM;
        if (!Memory.TryFindFree(newLength, UserLayout.MmapBottom, UserLayout.MmapTop, out ulong moved)
            || !Memory.TryMove(old, oldLength, moved))
            return -Errno.ENOMEM;
        long error = Grow(moved, oldLength, extra, protection);
        if (error != 0)
        {
            Memory.TryMove(moved, oldLength, old);
            return error;
        }
        return (long)moved;
    }

    // Maps the extra pages after a mapping that mremap grows: more of the file for a shared file mapping, else zeroed
    // anonymous pages. 0 or a negative errno.
    private long Grow(ulong start, ulong oldLength, ulong extra, Protection protection)
    {
        ulong last = start + oldLength - AddressSpace.PageSize, added = start + oldLength;
        if (Memory.TryExtendShared(last, added, extra, protection) is long error)
            return error;
        return Memory.TryMap(added, extra, protection) ? 0 : -Errno.ENOMEM;
    }

    // Every mapped page is resident (guest RAM is the guest's memory): one byte of 1 for each, ENOMEM at a hole.
    private long Mincore(SyscallArguments args)
    {
        ulong address = args[0], length = AddressSpace.PageUp(args[1]);
        if ((address & (AddressSpace.PageSize - 1)) != 0)
            return Invalid;
        if (!AddressSpace.IsUserRange(address, length))
            return -Errno.ENOMEM;
        for (ulong page = address; page < address + length; page += AddressSpace.PageSize)
            if (!Memory.IsMapped(page))
                return -Errno.ENOMEM;
        byte[] resident = new byte[length / AddressSpace.PageSize];
        Array.Fill(resident, (byte)1);
        return Memory.TryWrite(args[2], resident) ? 0 : Fault;
    }

    // Advice is only advice, except that MADV_DONTNEED makes private anonymous pages read back as zero.
    private long Madvise(SyscallArguments args)
    {
        if ((args[0] & (AddressSpace.PageSize - 1)) != 0)
            return Invalid;
        if (args.Int(2) == MadviseDontNeed)
            Memory.ZeroIgnoringProtection(args[0], AddressSpace.PageUp(args[1]));
        return 0;
    }
}
