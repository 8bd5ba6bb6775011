using Translator.Memory;
using Translator.UserMode.Abi;
using Translator.UserMode.Files;

namespace Translator.UserMode.Memory;

// Shared file mappings (MAP_SHARED of a file). The host maps the file's page over the page's own frame in guest RAM
// (MAP_SHARED | MAP_FIXED), so the guest's loads and stores, inline in translated code or through the MMU, and the
// host's read() and write() of the file all meet in the host's page cache, as they do on Linux. Such a frame must
// never be written by the host on its own account (a freed frame is zeroed): it gets its anonymous memory back
// first. A page wholly past the end of the file would be a host SIGBUS when touched, so it is left without access,
// at the mapping and after the program shrinks the file, and a fault there is the guest's SIGBUS, as on Linux.
public sealed unsafe partial class AddressSpace
{
    // A PTE software bit (RSW), beside HostOwned: the frame is the host's shared mapping of a file page.
    private const ulong FileShared = 1UL << 9;

    /// <summary>A file the guest has shared pages of: a host descriptor of its own (closed with its last page) and whether the file was opened for writing.</summary>
    private sealed class SharedFile(int hostFd, bool writable, (ulong Device, ulong Inode) identity)
    {
        public readonly int HostFd = hostFd;
        public readonly bool Writable = writable;
        public readonly (ulong Device, ulong Inode) Identity = identity;
        public int Pages;
        private bool _closed;

        /// <summary>Closes the descriptor, once.</summary>
        public void Close()
        {
            if (!_closed)
                HostCalls.close(HostFd);
            _closed = true;
        }
    }

    private readonly record struct SharedPage(SharedFile File, long Offset);

    private readonly Dictionary<ulong, SharedPage> _sharedPages = new(); // by virtual page
    private readonly HashSet<ulong> _pastEndOfFile = new(); // pages of shared mappings wholly past their file's end

    /// <summary>Whether <paramref name="address"/> lies in a page of a shared file mapping wholly past the file's end (a fault there is SIGBUS).</summary>
    public bool IsPastEndOfFile(ulong address) => _pastEndOfFile.Contains(PageDown(address));

    /// <summary>
    /// Maps [start, start+length) (page aligned, free) as a shared mapping of the file open as host descriptor
    /// <paramref name="hostFd"/> from <paramref name="offset"/>. Returns 0 or a negative errno (nothing mapped): EACCES when
    /// the descriptor's access mode does not allow the mapping (as Linux checks it), ENOMEM when RAM runs out.
    /// </summary>
    public long TryMapShared(ulong start, ulong length, Protection protection, int hostFd, long offset)
    {
        const int GetStatusFlags = 3, DuplicateCloseOnExec = 1030; // F_GETFL, F_DUPFD_CLOEXEC
        int accessMode = HostCalls.fcntl(hostFd, GetStatusFlags, 0) & OpenFlags.O_ACCMODE;
        if (accessMode == OpenFlags.O_WRONLY || ((protection & Protection.Write) != 0 && accessMode != OpenFlags.O_RDWR))
            return -Errno.EACCES;
        if ((nint)_frames.Host(_root) % (nint)PageSize != 0)
            return -Errno.ENODEV; // RAM is not page aligned in the host, so no file page can go over a frame
        int own = HostCalls.fcntl(hostFd, DuplicateCloseOnExec, 0);
        if (own < 0)
            return HostCalls.Error();
        var file = new SharedFile(own, accessMode == OpenFlags.O_RDWR, Statx(own).Identity);
        if (!TryMap(start, length, protection))
        {
            file.Close();
            return -Errno.ENOMEM;
        }
        long error = Share(start, length, file, offset);
        if (error != 0)
        {
            Unmap(start, length);
            file.Close(); // if no page kept it open (its last page closes it otherwise)
        }
        return error;
    }

    /// <summary>Refuse a second view of a shared file page (see <see cref="WouldShareAgain"/>).</summary>
    public bool OneViewPerSharedFilePage { get; init; }

    /// <summary>
    /// Whether mapping <paramref name="length"/> bytes of the file open as <paramref name="hostFd"/> from
    /// <paramref name="offset"/> would share a file page that a mapping shares already, where
    /// <see cref="OneViewPerSharedFilePage"/> forbids it.
    /// </summary>
    public bool WouldShareAgain(int hostFd, long offset, ulong length)
    {
        if (!OneViewPerSharedFilePage || _sharedPages.Count == 0)
            return false;
        var identity = Statx(hostFd).Identity;
        foreach (var shared in _sharedPages.Values)
            if (shared.File.Identity == identity && shared.Offset >= offset && shared.Offset < offset + (long)length)
                return true;
        return false;
    }

    /// <summary>Whether the page at <paramref name="address"/> is a shared file page whose file is not open for writing.</summary>
    public bool IsReadOnlySharedFile(ulong address) => _sharedPages.TryGetValue(PageDown(address), out var shared) && !shared.File.Writable;

    /// <summary>Whether any page of [start, start+length) is a shared file page.</summary>
    public bool HasSharedFilePages(ulong start, ulong length)
    {
        for (ulong page = PageDown(start); page < start + length; page += PageSize)
            if (_sharedPages.ContainsKey(page))
                return true;
        return false;
    }

    /// <summary>
    /// Maps [start, start+length) (free) as the continuation of the shared file mapping whose last page is
    /// <paramref name="previousPage"/>, as mremap grows one. Returns 0 or a negative errno; null when that page is not
    /// a shared file page (the caller maps anonymous pages).
    /// </summary>
    public long? TryExtendShared(ulong previousPage, ulong start, ulong length, Protection protection)
    {
        if (!_sharedPages.TryGetValue(previousPage, out var last))
            return null;
        if (!TryMap(start, length, protection))
            return -Errno.ENOMEM;
        long error = Share(start, length, last.File, last.Offset + (long)PageSize);
        if (error != 0)
            Unmap(start, length);
        return error;
    }

    /// <summary>
    /// Takes away the pages of shared file mappings that now lie wholly past their file's end (after the program
    /// shrank a file), so that no access reaches the host's mapping there.
    /// </summary>
    public void DropSharedPagesPastEndOfFile()
    {
        if (_sharedPages.Count == 0)
            return;
        var pastEnd = new List<ulong>();
        var sizes = new Dictionary<SharedFile, long>(); // one statx a file, not one a page
        foreach (var (page, shared) in _sharedPages)
        {
            if (!sizes.TryGetValue(shared.File, out long size))
                sizes[shared.File] = size = FileSize(shared.File.HostFd);
            if (shared.Offset >= size)
                pastEnd.Add(page);
        }
        foreach (ulong page in pastEnd)
            DropPastEndOfFile(page, Leaf(page, create: false));
        if (pastEnd.Count > 0)
            _mmu.FenceVma(null, null);
    }

    /// <summary>Closes the host descriptors of shared files (the process has ended; the host's mappings stay until RAM goes).</summary>
    public void ReleaseSharedFiles()
    {
        foreach (var shared in _sharedPages.Values)
            shared.File.Close();
        _sharedPages.Clear();
    }

    // Puts the file's pages from offset over the frames of the mapped range [start, start+length), run by run of
    // frames adjacent in the host; pages wholly past the end of the file are left without access.
    private long Share(ulong start, ulong length, SharedFile file, long offset)
    {
        long size = FileSize(file.HostFd);
        ulong page = start;
        while (page < start + length)
        {
            long pageOffset = offset + (long)(page - start);
            if (pageOffset >= size)
            {
                DropPastEndOfFile(page, Leaf(page, create: false));
                page += PageSize;
                continue;
            }
            ulong frame = Frame(*Leaf(page, create: false)), run = PageSize;
            while (page + run < start + length && pageOffset + (long)run < size && Frame(*Leaf(page + run, create: false)) == frame + run)
                run += PageSize;
            if (!MapFilePages(frame, run, new SharedPage(file, pageOffset)))
                return HostCalls.Error();
            for (ulong done = 0; done < run; done += PageSize)
            {
                ulong* slot = Leaf(page + done, create: false);
                SetLeaf(page + done, slot, *slot | FileShared);
                _sharedPages[page + done] = new SharedPage(file, pageOffset + (long)done);
                file.Pages++;
            }
            page += run;
        }
        _mmu.FenceVma(null, null);
        return 0;
    }

    // The host maps the file's bytes from start.Offset over frames [frame, frame+length).
    private bool MapFilePages(ulong frame, ulong length, SharedPage start)
    {
        nint host = (nint)_frames.Host(frame);
        int protection = HostMemory.Read | (start.File.Writable ? HostMemory.Write : 0);
        return HostMemory.mmap(host, (nuint)length, protection, HostMemory.Shared | HostMemory.Fixed, start.File.HostFd, (nint)start.Offset) == host;
    }

    // The frame gets anonymous zeroed memory back in place of the file's page.
    private void RestoreAnonymous(ulong frame) =>
        HostMemory.mmap((nint)_frames.Host(frame), (nuint)PageSize, HostMemory.Read | HostMemory.Write,
            HostMemory.Private | HostMemory.Anonymous | HostMemory.Fixed, -1, 0);

    // The page keeps an anonymous zeroed frame and loses its access and its file.
    private void DropPastEndOfFile(ulong page, ulong* slot)
    {
        UnshareFrame(page, *slot);
        SetLeaf(page, slot, Pte(Frame(*slot), Protection.None));
        _pastEndOfFile.Add(page);
    }

    /// <summary>
    /// Before a page's frame is freed: a shared file page's frame gets its anonymous memory back and the page
    /// forgets its file (nothing for any other page).
    /// </summary>
    private void UnshareFrame(ulong page, ulong pte)
    {
        if ((pte & FileShared) == 0 || !_sharedPages.Remove(page, out var shared))
            return;
        RestoreAnonymous(Frame(pte));
        if (--shared.File.Pages == 0)
            shared.File.Close();
    }

    /// <summary>
    /// Moves page <paramref name="from"/>'s file, if it is a shared file page, to page <paramref name="to"/>, whose frame
    /// <paramref name="newFrame"/> replaces <paramref name="oldFrame"/> (the same frame when it moved with the page):
    /// the file's page goes over the new frame and the old one gets its anonymous memory back. False, changing
    /// nothing, when the host cannot map it; true for any other page.
    /// </summary>
    private bool TryMoveShared(ulong from, ulong to, ulong oldFrame, ulong newFrame)
    {
        if (!_sharedPages.TryGetValue(from, out var shared))
            return true;
        if (newFrame != oldFrame)
        {
            if (!MapFilePages(newFrame, PageSize, shared))
                return false;
            RestoreAnonymous(oldFrame);
        }
        _sharedPages.Remove(from);
        _sharedPages[to] = shared;
        return true;
    }

    private static long FileSize(int hostFd) => Statx(hostFd).Size;

    // The file's size and identity, from the host's statx of the descriptor.
    private static (long Size, (ulong Device, ulong Inode) Identity) Statx(int hostFd)
    {
        const int AtEmptyPath = 0x1000, Wanted = 0x100 | 0x200; // STATX_INO | STATX_SIZE
        byte* statx = stackalloc byte[GuestStat.StatxSize];
        byte empty = 0;
        if (HostCalls.statx(hostFd, &empty, AtEmptyPath, Wanted, statx) != 0)
            return (0, (0, 0));
        var fields = new ReadOnlySpan<byte>(statx, GuestStat.StatxSize);
        return (GuestStat.FileSize(fields), GuestStat.Identity(fields));
    }
}
