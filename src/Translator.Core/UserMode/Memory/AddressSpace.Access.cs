using System.Buffers.Binary;
using System.Text;
using Translator.Memory;

namespace Translator.UserMode.Memory;

// Copies between the host and guest virtual memory for the syscall layer, checking the user's permissions
// the way the kernel's copy_from_user/copy_to_user do: a page the program could not access is EFAULT.
public sealed unsafe partial class AddressSpace
{
    /// <summary>The longest path or string the syscall layer reads from the guest.</summary>
    public const int MaxStringLength = 4096;

    /// <summary>Copies guest bytes at <paramref name="address"/> into <paramref name="destination"/>; false if any is unreadable.</summary>
    public bool TryRead(ulong address, Span<byte> destination)
    {
        while (destination.Length > 0)
        {
            byte* page = UserPage(address, write: false);
            if (page == null)
                return false;
            int offset = (int)(address & (PageSize - 1));
            int chunk = Math.Min(destination.Length, (int)PageSize - offset);
            new ReadOnlySpan<byte>(page + offset, chunk).CopyTo(destination);
            destination = destination[chunk..];
            address += (ulong)chunk;
        }
        return true;
    }

    /// <summary>Copies <paramref name="source"/> to guest memory; false (having written nothing) if any byte is not writable.</summary>
    public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        if (!IsWritable(address, (ulong)source.Length))
            return false;
        while (source.Length > 0)
        {
            byte* page = UserPage(address, write: true);
            int offset = (int)(address & (PageSize - 1));
            int chunk = Math.Min(source.Length, (int)PageSize - offset);
            source[..chunk].CopyTo(new Span<byte>(page + offset, chunk));
            NoteHostWrite(page + offset, chunk);
            source = source[chunk..];
            address += (ulong)chunk;
        }
        return true;
    }

    /// <summary>Whether the user could write every byte of [address, address+length).</summary>
    public bool IsWritable(ulong address, ulong length)
    {
        if (length == 0)
            return true;
        if (!IsUserRange(address, length))
            return false;
        for (ulong page = PageDown(address); page < address + length; page += PageSize)
        {
            if (UserPage(page, write: true) == null)
                return false;
        }
        return true;
    }

    /// <summary>Reads a NUL-terminated string (UTF-8); false if unreadable or longer than <see cref="MaxStringLength"/>.</summary>
    public bool TryReadString(ulong address, out string text)
    {
        text = "";
        if (!TryReadStringBytes(address, MaxStringLength, out byte[] bytes, out bool terminated) || !terminated)
            return false;
        text = Encoding.UTF8.GetString(bytes);
        return true;
    }

    /// <summary>
    /// Reads the bytes of a NUL-terminated string (without the NUL), looking at no more than <paramref name="limit"/>
    /// bytes, as the kernel's strncpy_from_user does: false if a byte it looks at is unreadable;
    /// <paramref name="terminated"/> says whether the NUL came within the limit.
    /// </summary>
    public bool TryReadStringBytes(ulong address, int limit, out byte[] bytes, out bool terminated)
    {
        var read = new List<byte>();
        bytes = Array.Empty<byte>();
        terminated = false;
        Span<byte> one = stackalloc byte[1];
        while (read.Count < limit)
        {
            if (!TryRead(address + (ulong)read.Count, one))
                return false;
            if (one[0] == 0)
            {
                terminated = true;
                break;
            }
            read.Add(one[0]);
        }
        bytes = read.ToArray();
        return true;
    }

    /// <summary>Reads a 64-bit little-endian value.</summary>
    public bool TryReadUInt64(ulong address, out ulong value) => TryReadLittleEndian(address, sizeof(ulong), out value);

    /// <summary>Reads a 32-bit little-endian value.</summary>
    public bool TryReadUInt32(ulong address, out uint value)
    {
        bool read = TryReadLittleEndian(address, sizeof(uint), out ulong wide);
        value = (uint)wide;
        return read;
    }

    private bool TryReadLittleEndian(ulong address, int size, out ulong value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        bytes.Clear();
        value = 0;
        if (!TryRead(address, bytes[..size]))
            return false;
        value = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return true;
    }

    /// <summary>Writes a 64-bit little-endian value.</summary>
    public bool TryWriteUInt64(ulong address, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return TryWrite(address, bytes);
    }

    /// <summary>Writes a 32-bit little-endian value.</summary>
    public bool TryWriteUInt32(ulong address, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return TryWrite(address, bytes);
    }

    /// <summary>Writes into mapped pages whatever their protection (the loader and file-backed mmap fill read-only pages).</summary>
    public void WriteIgnoringProtection(ulong address, ReadOnlySpan<byte> source)
    {
        while (source.Length > 0)
        {
            ulong* slot = Leaf(address, create: false);
            if (slot == null || *slot == 0 || Frame(*slot) == 0)
                throw new InvalidOperationException($"0x{address:x} is not mapped with a frame");
            int offset = (int)(address & (PageSize - 1));
            int chunk = Math.Min(source.Length, (int)PageSize - offset);
            source[..chunk].CopyTo(new Span<byte>(_frames.Host(Frame(*slot)) + offset, chunk));
            CodeWriteObserver?.OnCodeWrite(Frame(*slot) + (ulong)offset, chunk);
            source = source[chunk..];
            address += (ulong)chunk;
        }
    }

    /// <summary>Zeroes [address, address+length) of mapped pages whatever their protection (MADV_DONTNEED).</summary>
    /// <remarks>
    /// Physically contiguous frames are zeroed a run at a time by handing them back to the host (<see cref="Ram.Discard"/>),
    /// so a large region mostly never touched (a thread's stack that glibc releases) costs no memory to zero.
    /// </remarks>
    public void ZeroIgnoringProtection(ulong address, ulong length)
    {
        var run = new FrameRun(_frames.Zero);
        for (ulong page = PageDown(address); page < address + length; page += PageSize)
        {
            ulong* slot = Leaf(page, create: false);
            // A shared file page keeps the file's bytes; an untouched one has no frame and is zero.
            if (slot == null || *slot == 0 || Frame(*slot) == 0 || (*slot & FileShared) != 0)
                continue;
            ulong frame = Frame(*slot);
            CodeWriteObserver?.OnCodeWrite(frame, (int)PageSize);
            run.Add(frame);
        }
        run.Flush();
    }

    private void NoteHostWrite(byte* host, int length)
    {
        if (CodeWriteObserver is { } observer)
            observer.OnCodeWrite(_frames.Physical(host), length);
    }

    // The host address of the start of the page the user may read (or write), or null.
    private byte* UserPage(ulong address, bool write)
    {
        ulong* slot = Leaf(address, create: false);
        if (slot == null)
            return null;
        if (*slot != 0 && Frame(*slot) == 0)
            TryTouch(address, write ? Protection.Write : Protection.Read, out _); // the kernel's copy faults the page in too
        ulong pte = *slot;
        ulong needed = PageTableEntry.Valid | PageTableEntry.User | (write ? PageTableEntry.Writable : PageTableEntry.Readable);
        if ((pte & needed) != needed)
            return null;
        return _frames.Host(Frame(pte));
    }
}
