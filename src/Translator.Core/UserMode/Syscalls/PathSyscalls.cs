using System.Text;
using Translator.UserMode.Abi;
using Translator.UserMode.Files;

namespace Translator.UserMode.Syscalls;

/// <summary>
/// Calls that name files by path. Every path goes through <see cref="RootedPaths"/>, relative to the current
/// directory or to a directory descriptor, so nothing outside the root is reachable. A few character devices
/// that hold no data of the host's (/dev/null and friends) are reachable too.
/// </summary>
public sealed unsafe class PathSyscalls : SyscallArea
{
    private const int AtFdCwd = -100, AtSymlinkNofollow = 0x100, AtRemoveDir = 0x200, AtEmptyPath = 0x1000;
    private const int AtNoAutomount = 0x800, AtStatxSyncMask = 0x6000;
    private const int RenameFlagsKnown = 0x7; // RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT
    private const int AccessModeMask = 7;
    private const string SelfExecutable = "/proc/self/exe";
    private static readonly HashSet<string> PassThroughDevices = new(StringComparer.Ordinal)
    {
        "/dev/null", "/dev/zero", "/dev/random", "/dev/urandom",
    };

    /// <summary>Creates the area.</summary>
    public PathSyscalls(GuestProcess process) : base(process) { }

    /// <inheritdoc/>
    public override void Register(SyscallTable table)
    {
        table.Add(SyscallNumber.openat, "fsxo", OpenAt);
        table.Add(SyscallNumber.newfstatat, "fspx", StatAt);
        table.Add(SyscallNumber.statx, "fsxxp", Statx);
        table.Add(SyscallNumber.readlinkat, "fspu", ReadLinkAt);
        table.Add(SyscallNumber.faccessat, "fso", args => AccessAt(args.Int(0), args[1], args.Int(2), 0));
        table.Add(SyscallNumber.faccessat2, "fsox", args => AccessAt(args.Int(0), args[1], args.Int(2), args.Int(3)));
        table.Add(SyscallNumber.getcwd, "pu", GetCwd);
        table.Add(SyscallNumber.chdir, "s", args => ChangeDirectory(AtFdCwd, args[0]));
        table.Add(SyscallNumber.fchdir, "d", FchDir);
        table.Add(SyscallNumber.mkdirat, "fso", MkdirAt);
        table.Add(SyscallNumber.mknodat, "fsox", MknodAt);
        table.Add(SyscallNumber.unlinkat, "fsx", UnlinkAt);
        table.Add(SyscallNumber.renameat2, "fsfsx", RenameAt2);
        table.Add(SyscallNumber.fchmodat, "fso", FchmodAt);
        table.Add(SyscallNumber.fchownat, "fsddx", FchownAt);
        table.Add(SyscallNumber.symlinkat, "sfs", SymlinkAt);
        table.Add(SyscallNumber.linkat, "fsfsx", LinkAt);
        table.Add(SyscallNumber.truncate, "sd", Truncate);
        table.Add(SyscallNumber.utimensat, "fspx", UtimensAt);
        table.Add(SyscallNumber.statfs, "sp", StatFs);
    }

    /// <summary>
    /// Reads a guest path and resolves it relative to <paramref name="dirfd"/>; 0 or a negative errno. See
    /// <see cref="RootedPaths.Resolve(string, string, bool, out string, bool)"/> for <paramref name="lookupOnly"/>.
    /// </summary>
    private long Resolve(int dirfd, ulong pathAddress, bool followFinal, out string hostPath, bool allowEmpty = false, bool lookupOnly = false)
    {
        hostPath = "";
        if (!Memory.TryReadString(pathAddress, out string path))
            return Fault;
        if (PassThroughDevices.Contains(path))
        {
            hostPath = path;
            return 0;
        }
        if (path.Length == 0)
            return allowEmpty ? 0 : -Errno.ENOENT; // before the descriptor is looked at, as in Linux
        string baseDirectory = Process.WorkingDirectory;
        if (!path.StartsWith('/') && dirfd != AtFdCwd)
        {
            var directory = Process.Files.Get(dirfd);
            if (directory == null)
                return BadDescriptor;
            if (!directory.IsDirectory)
                return -Errno.ENOTDIR;
            baseDirectory = directory.HostPath;
        }
        return -Process.Paths.Resolve(baseDirectory, path, followFinal, out hostPath, lookupOnly);
    }

    private long OpenAt(SyscallArguments args)
    {
        int flags = args.Int(2);
        bool exclusiveCreate = (flags & (OpenFlags.O_CREAT | OpenFlags.O_EXCL)) == (OpenFlags.O_CREAT | OpenFlags.O_EXCL);
        long error = Resolve(args.Int(0), args[1], followFinal: !exclusiveCreate && (flags & OpenFlags.O_NOFOLLOW) == 0, out string hostPath);
        if (error != 0)
            return error;
        int host;
        fixed (byte* p = HostCalls.Path(hostPath))
            host = HostCalls.open(p, OpenFlags.ToHost(flags | OpenFlags.O_CLOEXEC), args.Int(3));
        if (host < 0)
            return HostCalls.Error();
        if ((flags & OpenFlags.O_TRUNC) != 0)
            AfterFileMayHaveShrunk(0);
        bool directory = Directory.Exists(hostPath) && !File.Exists(hostPath);
        int fd = Process.Files.Add(new OpenFile(host, hostPath, directory) { CloseOnExec = (flags & OpenFlags.O_CLOEXEC) != 0 });
        if (fd < 0)
        {
            HostCalls.close(host);
            return -Errno.EMFILE;
        }
        return fd;
    }

    // statx of a resolved path, or of a descriptor for AT_EMPTY_PATH with an empty path.
    private long HostStatx(int dirfd, ulong pathAddress, int flags, uint mask, byte[] statx)
    {
        if (!Memory.TryReadString(pathAddress, out string path))
            return Fault;
        int syncFlags = flags & (AtStatxSyncMask | AtNoAutomount);
        int result;
        if (path.Length == 0 && (flags & AtEmptyPath) != 0)
        {
            int hostFd;
            if (dirfd == AtFdCwd)
                return StatxPath(Process.WorkingDirectory, syncFlags, mask, statx);
            var file = Process.Files.Get(dirfd);
            if (file == null)
                return BadDescriptor;
            hostFd = file.HostFd;
            fixed (byte* empty = new byte[1])
            fixed (byte* p = statx)
                result = HostCalls.statx(hostFd, empty, AtEmptyPath | syncFlags, mask, p);
            return result == 0 ? 0 : HostCalls.Error();
        }
        long error = Resolve(dirfd, pathAddress, followFinal: (flags & AtSymlinkNofollow) == 0, out string hostPath, lookupOnly: true);
        return error != 0 ? error : StatxPath(hostPath, syncFlags, mask, statx);
    }

    // The path is already resolved, so its final symlink (if any) is never followed again.
    private static long StatxPath(string hostPath, int syncFlags, uint mask, byte[] statx)
    {
        int result;
        fixed (byte* path = HostCalls.Path(hostPath))
        fixed (byte* p = statx)
            result = HostCalls.statx(AtFdCwd, path, AtSymlinkNofollow | syncFlags, mask, p);
        return result == 0 ? 0 : HostCalls.Error();
    }

    private long StatAt(SyscallArguments args)
    {
        const uint BasicStats = 0x7FF;
        byte[] statx = new byte[GuestStat.StatxSize];
        long error = HostStatx(args.Int(0), args[1], args.Int(3), BasicStats, statx);
        if (error != 0)
            return error;
        byte[] stat = new byte[GuestStat.StatSize];
        GuestStat.FromStatx(statx, stat);
        return Memory.TryWrite(args[2], stat) ? 0 : Fault;
    }

    // struct statx is the same for the guest as for the host.
    private long Statx(SyscallArguments args)
    {
        byte[] statx = new byte[GuestStat.StatxSize];
        long error = HostStatx(args.Int(0), args[1], args.Int(2), (uint)args[3], statx);
        if (error != 0)
            return error;
        return Memory.TryWrite(args[4], statx) ? 0 : Fault;
    }

    private long ReadLinkAt(SyscallArguments args)
    {
        int size = (int)Math.Min(args[3], int.MaxValue);
        if (size <= 0)
            return Invalid;
        if (!Memory.TryReadString(args[1], out string path))
            return Fault;
        byte[] target;
        if (path == SelfExecutable)
        {
            target = Encoding.UTF8.GetBytes(Process.ExecutablePath);
        }
        else
        {
            long error = Resolve(args.Int(0), args[1], followFinal: false, out string hostPath, lookupOnly: true);
            if (error != 0)
                return error;
            byte[] buffer = new byte[size];
            nint length;
            fixed (byte* p = HostCalls.Path(hostPath))
            fixed (byte* b = buffer)
                length = HostCalls.readlink(p, b, size);
            if (length < 0)
                return HostCalls.Error();
            target = buffer[..(int)length];
        }
        int copied = Math.Min(size, target.Length); // readlink truncates silently
        return Memory.TryWrite(args[2], target.AsSpan(0, copied)) ? copied : Fault;
    }

    private long AccessAt(int dirfd, ulong pathAddress, int mode, int flags)
    {
        if ((mode & ~AccessModeMask) != 0)
            return Invalid;
        long error = Resolve(dirfd, pathAddress, followFinal: (flags & AtSymlinkNofollow) == 0, out string hostPath, lookupOnly: true);
        if (error != 0)
            return error;
        fixed (byte* p = HostCalls.Path(hostPath))
            return HostCalls.access(p, mode) == 0 ? 0 : HostCalls.Error();
    }

    private long GetCwd(SyscallArguments args)
    {
        byte[] path = Encoding.UTF8.GetBytes(Process.WorkingDirectory + "\0");
        if ((ulong)path.Length > args[1])
            return -Errno.ERANGE;
        return Memory.TryWrite(args[0], path) ? path.Length : Fault;
    }

    private long ChangeDirectory(int dirfd, ulong pathAddress)
    {
        long error = Resolve(dirfd, pathAddress, followFinal: true, out string hostPath);
        if (error != 0)
            return error;
        if (!Directory.Exists(hostPath))
            return File.Exists(hostPath) ? -Errno.ENOTDIR : -Errno.ENOENT;
        Process.WorkingDirectory = hostPath;
        return 0;
    }

    private long FchDir(SyscallArguments args)
    {
        var file = Process.Files.Get(args.Int(0));
        if (file == null)
            return BadDescriptor;
        if (!file.IsDirectory)
            return -Errno.ENOTDIR;
        Process.WorkingDirectory = file.HostPath;
        return 0;
    }

    private long MkdirAt(SyscallArguments args)
    {
        long error = Resolve(args.Int(0), args[1], followFinal: false, out string hostPath);
        if (error != 0)
            return error;
        fixed (byte* p = HostCalls.Path(hostPath))
            return HostCalls.mkdir(p, (uint)args[2]) == 0 ? 0 : HostCalls.Error();
    }

    // FIFOs, sockets' names and empty regular files are made on the host as asked. Device nodes are refused with
    // EPERM, as for an unprivileged process: one inside the root would open a host device from it.
    private long MknodAt(SyscallArguments args)
    {
        const uint FileTypeMask = 0xF000, Fifo = 0x1000, CharacterDevice = 0x2000, BlockDevice = 0x6000, Regular = 0x8000, Socket = 0xC000;
        uint mode = (uint)args[2];
        uint type = mode & FileTypeMask;
        if (type is CharacterDevice or BlockDevice)
            return -Errno.EPERM;
        if (type is not (0 or Fifo or Regular or Socket))
            return Invalid;
        long error = Resolve(args.Int(0), args[1], followFinal: false, out string hostPath);
        if (error != 0)
            return error;
        fixed (byte* p = HostCalls.Path(hostPath))
            return HostCalls.mknod(p, mode, 0) == 0 ? 0 : HostCalls.Error();
    }

    private long UnlinkAt(SyscallArguments args)
    {
        int flags = args.Int(2);
        if ((flags & ~AtRemoveDir) != 0)
            return Invalid;
        long error = Resolve(args.Int(0), args[1], followFinal: false, out string hostPath);
        if (error != 0)
            return error;
        fixed (byte* p = HostCalls.Path(hostPath))
            return ((flags & AtRemoveDir) != 0 ? HostCalls.rmdir(p) : HostCalls.unlink(p)) == 0 ? 0 : HostCalls.Error();
    }

    private long RenameAt2(SyscallArguments args)
    {
        if ((args.Int(4) & ~RenameFlagsKnown) != 0)
            return Invalid;
        long error = Resolve(args.Int(0), args[1], followFinal: false, out string from);
        if (error != 0)
            return error;
        error = Resolve(args.Int(2), args[3], followFinal: false, out string to);
        if (error != 0)
            return error;
        fixed (byte* f = HostCalls.Path(from))
        fixed (byte* t = HostCalls.Path(to))
            return HostCalls.renameat2(AtFdCwd, f, AtFdCwd, t, (uint)args.Int(4)) == 0 ? 0 : HostCalls.Error();
    }

    private long FchmodAt(SyscallArguments args)
    {
        long error = Resolve(args.Int(0), args[1], followFinal: true, out string hostPath);
        if (error != 0)
            return error;
        fixed (byte* p = HostCalls.Path(hostPath))
            return HostCalls.chmod(p, (uint)args[2]) == 0 ? 0 : HostCalls.Error();
    }

    // The path resolves with the final symlink followed unless AT_SYMLINK_NOFOLLOW, so the host's lchown acts on what
    // the guest named.
    private long FchownAt(SyscallArguments args)
    {
        uint owner = (uint)args[2], group = (uint)args[3];
        long error = ResolveAt(args.Int(0), args[1], args.Int(4), out string hostPath, out var descriptor);
        if (error != 0)
            return error;
        if (descriptor != null)
            return HostCalls.fchown(descriptor.HostFd, owner, group) == 0 ? 0 : HostCalls.Error();
        fixed (byte* p = HostCalls.Path(hostPath))
            return HostCalls.lchown(p, owner, group) == 0 ? 0 : HostCalls.Error();
    }

    /// <summary>
    /// Resolves the path of an *at call whose only flags are AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH: 0 and the host path,
    /// or, for an empty path with AT_EMPTY_PATH, the descriptor <paramref name="dirfd"/> names (for AT_FDCWD, the
    /// working directory's path); else a negative errno.
    /// </summary>
    private long ResolveAt(int dirfd, ulong pathAddress, int flags, out string hostPath, out OpenFile? descriptor)
    {
        descriptor = null;
        hostPath = "";
        if ((flags & ~(AtSymlinkNofollow | AtEmptyPath)) != 0)
            return Invalid;
        long error = Resolve(dirfd, pathAddress, followFinal: (flags & AtSymlinkNofollow) == 0, out hostPath, allowEmpty: (flags & AtEmptyPath) != 0);
        if (error != 0 || hostPath.Length != 0)
            return error;
        if (dirfd == AtFdCwd)
        {
            hostPath = Process.WorkingDirectory;
            return 0;
        }
        descriptor = Process.Files.Get(dirfd);
        return descriptor == null ? BadDescriptor : 0;
    }

    // The link's text is stored as given: it is checked like any other path whenever it is followed.
    private long SymlinkAt(SyscallArguments args)
    {
        if (!Memory.TryReadString(args[0], out string target))
            return Fault;
        long error = Resolve(args.Int(1), args[2], followFinal: false, out string hostPath);
        if (error != 0)
            return error;
        fixed (byte* t = HostCalls.Path(target))
        fixed (byte* p = HostCalls.Path(hostPath))
            return HostCalls.symlink(t, p) == 0 ? 0 : HostCalls.Error();
    }

    private long LinkAt(SyscallArguments args)
    {
        const int AtSymlinkFollow = 0x400;
        long error = Resolve(args.Int(0), args[1], followFinal: (args.Int(4) & AtSymlinkFollow) != 0, out string existing);
        if (error != 0)
            return error;
        error = Resolve(args.Int(2), args[3], followFinal: false, out string path);
        if (error != 0)
            return error;
        fixed (byte* e = HostCalls.Path(existing))
        fixed (byte* p = HostCalls.Path(path))
            return HostCalls.link(e, p) == 0 ? 0 : HostCalls.Error();
    }

    // Times are two timespecs (UTIME_NOW and UTIME_OMIT included) with the host's layout and values, so the host
    // checks them. A null path with a descriptor is futimens; an empty one with AT_EMPTY_PATH names the descriptor too.
    private long UtimensAt(SyscallArguments args)
    {
        const int TimesSize = 32, TimespecSize = 16;
        const long UtimeOmit = (1L << 30) - 2;
        int dirfd = args.Int(0), flags = args.Int(3);
        byte[]? times = null;
        if (args[2] != 0)
        {
            times = new byte[TimesSize];
            if (!Memory.TryRead(args[2], times))
                return Fault;
            if (BitConverter.ToInt64(times, 8) == UtimeOmit && BitConverter.ToInt64(times, TimespecSize + 8) == UtimeOmit)
                return 0; // nothing to change, and Linux does not even look the path up
        }
        if (args[1] == 0 && dirfd != AtFdCwd)
            return flags != 0 ? Invalid : TouchDescriptor(Process.Files.Get(dirfd), times);
        long error = ResolveAt(dirfd, args[1], flags, out string hostPath, out var descriptor);
        if (error != 0)
            return error;
        if (descriptor != null)
            return TouchDescriptor(descriptor, times);
        fixed (byte* p = HostCalls.Path(hostPath))
        fixed (byte* t = times)
            return HostCalls.utimensat(AtFdCwd, p, t, AtSymlinkNofollow) == 0 ? 0 : HostCalls.Error();
    }

    private static long TouchDescriptor(OpenFile? file, byte[]? times)
    {
        if (file == null)
            return BadDescriptor;
        fixed (byte* t = times)
            return HostCalls.futimens(file.HostFd, t) == 0 ? 0 : HostCalls.Error();
    }

    private long StatFs(SyscallArguments args)
    {
        long error = Resolve(AtFdCwd, args[0], followFinal: true, out string hostPath);
        if (error != 0)
            return error;
        byte[] statfs = new byte[GuestStat.StatfsSize];
        fixed (byte* p = HostCalls.Path(hostPath))
        fixed (byte* b = statfs)
        {
            if (HostCalls.statfs(p, b) != 0)
                return HostCalls.Error();
        }
        return Memory.TryWrite(args[1], statfs) ? 0 : Fault;
    }

    private long Truncate(SyscallArguments args)
    {
        long error = Resolve(AtFdCwd, args[0], followFinal: true, out string hostPath);
        if (error != 0)
            return error;
        fixed (byte* p = HostCalls.Path(hostPath))
            return AfterFileMayHaveShrunk(HostCalls.truncate(p, (long)args[1]) == 0 ? 0 : HostCalls.Error());
    }
}
