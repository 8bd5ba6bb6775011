using System.Buffers.Binary;
using Translator.UserMode.Abi;
using Translator.UserMode.Files;

namespace Translator.UserMode.Syscalls;

/// <summary>
/// Calls on open descriptors: reading, writing, seeking, duplicating, pipes and memfds, terminal queries, locks,
/// directory listing, fstat and fstatfs, waiting for readiness (in DescriptorSyscalls.Polling.cs) and sockets
/// (DescriptorSyscalls.Sockets.cs). Each guest
/// descriptor owns a host descriptor; data goes through a host buffer.
/// </summary>
public sealed unsafe partial class DescriptorSyscalls : SyscallArea
{
    private const int MaxIoVectors = 1024, IoVectorSize = 16;
    // Bounds one transfer's host buffer; a shorter count is a normal partial result.
    private const int MaxTransfer = 64 << 20;
    private const int FDupFd = 0, FGetFd = 1, FSetFd = 2, FGetFl = 3, FSetFl = 4, FGetLk = 5, FSetLk = 6, FSetLkw = 7;
    private const int FDupFdCloexec = 1030, FdCloexec = 1;
    private const int FlockSize = 32;
    private const ulong Tcgets = 0x5401, Tiocgwinsz = 0x5413, Fionread = 0x541B;
    private const int TermiosSize = 36, WinsizeSize = 8, IntSize = 4;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7FF;

    /// <summary>Creates the area.</summary>
    public DescriptorSyscalls(GuestProcess process) : base(process) { }

    /// <inheritdoc/>
    public override void Register(SyscallTable table)
    {
        table.Add(SyscallNumber.read, "dpu", args => Read(args[0], args[1], args[2], offset: null));
        table.Add(SyscallNumber.write, "dbu", args => Write(args[0], args[1], args[2], offset: null));
        table.Add(SyscallNumber.pread64, "dpud", args => Read(args[0], args[1], args[2], (long)args[3]));
        table.Add(SyscallNumber.pwrite64, "dbud", args => Write(args[0], args[1], args[2], (long)args[3]));
        table.Add(SyscallNumber.readv, "dpd", args => ReadVector(args, offset: null));
        table.Add(SyscallNumber.writev, "dpd", args => WriteVector(args, offset: null));
        table.Add(SyscallNumber.preadv, "dpdd", args => (long)args[3] < 0 ? Invalid : ReadVector(args, (long)args[3]));
        table.Add(SyscallNumber.pwritev, "dpdd", args => (long)args[3] < 0 ? Invalid : WriteVector(args, (long)args[3]));
        table.Add(SyscallNumber.close_range, "uux", CloseRange);
        table.Add(SyscallNumber.eventfd2, "ux", EventFd);
        RegisterEpoll(table);
        table.Add(SyscallNumber.timerfd_create, "dx", TimerFdCreate);
        table.Add(SyscallNumber.timerfd_settime, "dxpp", TimerFdSetTime);
        table.Add(SyscallNumber.timerfd_gettime, "dp", args => WithFile(args[0], file => TimerFdTime(file, args[1],
            (f, current) => HostCalls.timerfd_gettime(f, current))));
        // A collapsing range shrinks the file, as a truncation does.
        table.Add(SyscallNumber.fallocate, "dxdd", args => WithFile(args[0], f =>
            AfterFileMayHaveShrunk(HostResult(HostCalls.fallocate(f.HostFd, args.Int(1), (long)args[2], (long)args[3])))));
        table.Add(SyscallNumber.lseek, "ddd", args => WithFile(args[0], f => HostResult(HostCalls.lseek(f.HostFd, (long)args[1], args.Int(2)))));
        table.Add(SyscallNumber.close, "d", Close);
        table.Add(SyscallNumber.dup, "d", args => WithFile(args[0], f => Duplicate(f, 0, cloexec: false)));
        table.Add(SyscallNumber.dup3, "ddx", Dup3);
        table.Add(SyscallNumber.fcntl, "ddx", Fcntl);
        table.Add(SyscallNumber.pipe2, "px", Pipe2);
        table.Add(SyscallNumber.ioctl, "dxp", Ioctl);
        table.Add(SyscallNumber.fsync, "d", args => WithFile(args[0], f => HostResult(HostCalls.fsync(f.HostFd))));
        table.Add(SyscallNumber.fdatasync, "d", args => WithFile(args[0], f => HostResult(HostCalls.fdatasync(f.HostFd))));
        table.Add(SyscallNumber.ftruncate, "dd", args => WithFile(args[0], f => AfterFileMayHaveShrunk(HostResult(HostCalls.ftruncate(f.HostFd, (long)args[1])))));
        table.Add(SyscallNumber.getdents64, "dpu", GetDirectoryEntries);
        table.Add(SyscallNumber.fstat, "dp", args => WithFile(args[0], f => WriteStat(f.HostFd, args[1])));
        table.Add(SyscallNumber.fchmod, "do", args => WithFile(args[0], f => HostResult(HostCalls.fchmod(f.HostFd, (uint)args[1]))));
        table.Add(SyscallNumber.fchown, "ddd", args => WithFile(args[0], f => HostResult(HostCalls.fchown(f.HostFd, (uint)args[1], (uint)args[2]))));
        table.Add(SyscallNumber.sendfile, "ddpu", SendFile);
        table.Add(SyscallNumber.copy_file_range, "dpdpux", CopyFileRange);
        table.Add(SyscallNumber.fstatfs, "dp", args => WithFile(args[0], f => WriteStatfs(f.HostFd, args[1])));
        table.Add(SyscallNumber.syncfs, "d", args => WithFile(args[0], f => HostResult(HostCalls.syncfs(f.HostFd))));
        table.Add(SyscallNumber.flock, "dx", Flock);
        table.Add(SyscallNumber.fadvise64, "dddd", args => WithFile(args[0], f => -HostCalls.posix_fadvise(f.HostFd, (long)args[1], (long)args[2], args.Int(3))));
        table.Add(SyscallNumber.memfd_create, "sx", MemfdCreate);
        table.Add(SyscallNumber.ppoll, "puppu", Ppoll);
        table.Add(SyscallNumber.pselect6, "dppppp", Pselect6);
        RegisterSockets(table);
    }

    /// <summary>Runs <paramref name="action"/> on an open descriptor, or returns EBADF.</summary>
    private long WithFile(ulong fd, Func<OpenFile, long> action)
    {
        var file = Process.Files.Get((long)fd);
        return file == null ? BadDescriptor : action(file);
    }

    private static long HostResult(long result) => result < 0 ? HostCalls.Error() : result;

    /// <summary>
    /// Whether the calling thread must wait for <paramref name="file"/> to have data before its read: only while other
    /// threads could run, which the host's blocking read would hold up, and only for a blocking descriptor that has
    /// none now. The scheduler then runs the others, and the read again once there is data (<see cref="SyscallTable.Restart"/>).
    /// </summary>
    private bool WaitsToRead(OpenFile file) => Process.Threads.OthersLive && WaitsFor(file, PollIn);

    // Blocks the thread until the descriptor is ready for the events, unless it is now (or has an error the call itself
    // will meet), or is nonblocking; the call, having moved `done` bytes, then runs again.
    private bool WaitsFor(OpenFile file, short events, long done = 0) =>
        HostPoll.Wait(PollFd(file.HostFd, events), TimeSpan.Zero) == 0 && WaitsAgainFor(file, events, done);

    private static byte[] PollFd(int hostFd, short events)
    {
        byte[] pollfd = new byte[PollFdSize];
        BinaryPrimitives.WriteInt32LittleEndian(pollfd, hostFd);
        BinaryPrimitives.WriteInt16LittleEndian(pollfd.AsSpan(PollEventsOffset), events);
        return pollfd;
    }

    /// <summary>
    /// A write to a pipe, FIFO or terminal while other threads could run: it goes in pieces of PIPE_BUF bytes, each
    /// only when the descriptor has room (a piece that size then never blocks the host), so a full pipe never holds up
    /// the thread that would drain it. When room runs out the thread waits for more and the call runs again from where
    /// it stopped, so it returns only when all is written, as a blocking write does on Linux.
    /// </summary>
    private long WriteWhileOthersRun(OpenFile file, byte[] data)
    {
        const int PipeBuffer = 4096;
        byte[] pollfd = PollFd(file.HostFd, PollOut);
        long done = Process.Threads.Current.TakeProgress();
        while (done < data.Length && HostPoll.Wait(pollfd, TimeSpan.Zero) > 0)
        {
            nint written;
            fixed (byte* p = data)
                written = HostCalls.write(file.HostFd, p + done, (int)Math.Min(PipeBuffer, data.Length - done));
            if (written < 0)
                return done > 0 ? done : RaiseIfBrokenPipe(HostCalls.Error());
            done += written;
        }
        if (done == data.Length)
            return done;
        return WaitsAgainFor(file, PollOut, done) ? SyscallTable.Restart : done > 0 ? done : WriteNow(file, data, null);
    }

    /// <summary>
    /// Whether the calling thread waits for a blocking <paramref name="file"/> to be ready for
    /// <paramref name="events"/> and then runs its call again, having moved <paramref name="done"/> bytes so far.
    /// </summary>
    private bool WaitsAgainFor(OpenFile file, short events, long done)
    {
        int flags = HostCalls.fcntl(file.HostFd, FGetFl, 0);
        if (flags < 0 || (OpenFlags.FromHost(flags) & OpenFlags.O_NONBLOCK) != 0)
            return false;
        Process.Threads.BlockCurrentUntilReady(PollFd(file.HostFd, events), null, 0);
        Process.Threads.Current.Progress = done;
        return true;
    }

    private long Read(ulong fd, ulong buffer, ulong count, long? offset) => WithFile(fd, file =>
    {
        if (file.IsDirectory)
            return -Errno.EISDIR;
        int length = (int)Math.Min(count, MaxTransfer);
        if (!Memory.IsWritable(buffer, (ulong)length))
            return Fault;
        if (offset == null && WaitsToRead(file))
            return SyscallTable.Restart;
        byte[] data = new byte[length];
        nint got;
        fixed (byte* p = data)
            got = offset is long at ? HostCalls.pread(file.HostFd, p, length, at) : HostCalls.read(file.HostFd, p, length);
        if (got < 0)
            return HostCalls.Error();
        Memory.TryWrite(buffer, data.AsSpan(0, (int)got));
        return got;
    });

    private long Write(ulong fd, ulong buffer, ulong count, long? offset) => WithFile(fd, file =>
    {
        byte[] data = new byte[(int)Math.Min(count, MaxTransfer)];
        if (!Memory.TryRead(buffer, data))
            return Fault;
        return WriteHost(file, data, offset);
    });

    private long WriteHost(OpenFile file, byte[] data, long? offset)
    {
        const int SeekCurrent = 1;
        if (offset == null && Process.Threads.OthersLive && data.Length > 0 && HostCalls.lseek(file.HostFd, 0, SeekCurrent) < 0)
            return WriteWhileOthersRun(file, data); // not seekable: a pipe, FIFO or terminal, which a write can block on
        return WriteNow(file, data, offset);
    }

    // A write to a pipe nobody reads raises SIGPIPE as well as failing with EPIPE, as the kernel does.
    private long WriteNow(OpenFile file, byte[] data, long? offset)
    {
        nint written;
        fixed (byte* p = data)
            written = offset is long at ? HostCalls.pwrite(file.HostFd, p, data.Length, at) : HostCalls.write(file.HostFd, p, data.Length);
        return RaiseIfBrokenPipe(HostResult(written));
    }

    // The host copies between the two host descriptors, so its rules (which descriptors qualify, how an offset moves)
    // are the kernel's own. A guest offset (optional) is read before and written back after, as the kernel does.
    private long SendFile(SyscallArguments args) => WithFile(args[0], output => WithFile(args[1], input =>
    {
        if (!TryReadOffset(args[2], out long offset))
            return Fault;
        nint sent = HostCalls.sendfile(output.HostFd, input.HostFd, args[2] == 0 ? null : &offset, (nint)Math.Min(args[3], MaxTransfer));
        long result = RaiseIfBrokenPipe(HostResult(sent));
        return TryWriteOffset(args[2], offset) ? result : Fault;
    }));

    private long CopyFileRange(SyscallArguments args) => WithFile(args[0], input => WithFile(args[2], output =>
    {
        if (!TryReadOffset(args[1], out long inputOffset) || !TryReadOffset(args[3], out long outputOffset))
            return Fault;
        nint copied = HostCalls.copy_file_range(input.HostFd, args[1] == 0 ? null : &inputOffset, output.HostFd,
            args[3] == 0 ? null : &outputOffset, (nint)Math.Min(args[4], MaxTransfer), (uint)args[5]);
        long result = HostResult(copied);
        return TryWriteOffset(args[1], inputOffset) && TryWriteOffset(args[3], outputOffset) ? result : Fault;
    }));

    /// <summary>Reads the guest's 64-bit file offset at <paramref name="address"/> (0 when the address is null).</summary>
    private bool TryReadOffset(ulong address, out long offset)
    {
        offset = 0;
        if (address == 0)
            return true;
        bool read = Memory.TryReadUInt64(address, out ulong value);
        offset = (long)value;
        return read;
    }

    private bool TryWriteOffset(ulong address, long offset) => address == 0 || Memory.TryWriteUInt64(address, (ulong)offset);

    private long RaiseIfBrokenPipe(long result)
    {
        if (result == -Errno.EPIPE)
            Process.Raise(Signal.SIGPIPE, "write to a pipe with no reader");
        return result;
    }

    private bool TryReadVectors(ulong address, int count, out (ulong Base, ulong Length)[] vectors)
    {
        vectors = new (ulong, ulong)[count];
        byte[] raw = new byte[count * IoVectorSize];
        if (!Memory.TryRead(address, raw))
            return false;
        for (int i = 0; i < count; i++)
            vectors[i] = (BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan(i * IoVectorSize)),
                BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan(i * IoVectorSize + 8)));
        return true;
    }

    // The bytes of the guest's buffers, one after the other; false if one is unreadable.
    private bool TryGather((ulong Base, ulong Length)[] vectors, out byte[] data)
    {
        var gathered = new List<byte>();
        data = Array.Empty<byte>();
        foreach (var (address, length) in vectors)
        {
            byte[] part = new byte[(int)Math.Min(length, MaxTransfer)];
            if (!Memory.TryRead(address, part))
                return false;
            gathered.AddRange(part);
        }
        data = gathered.ToArray();
        return true;
    }

    // Gathers every buffer and writes once, so the data stays together as the kernel's writev keeps it.
    private long WriteVector(SyscallArguments args, long? offset) => WithFile(args[0], file =>
    {
        int count = args.Int(2);
        if (count < 0 || count > MaxIoVectors)
            return Invalid;
        if (!TryReadVectors(args[1], count, out var vectors) || !TryGather(vectors, out byte[] data))
            return Fault;
        return data.Length == 0 ? 0 : WriteHost(file, data, offset);
    });

    private long ReadVector(SyscallArguments args, long? offset) => WithFile(args[0], file =>
    {
        int count = args.Int(2);
        if (count < 0 || count > MaxIoVectors)
            return Invalid;
        if (!TryReadVectors(args[1], count, out var vectors) || !AllWritable(vectors, out ulong total))
            return Fault;
        if (offset == null && total > 0 && WaitsToRead(file))
            return SyscallTable.Restart;
        byte[] data = new byte[(int)Math.Min(total, MaxTransfer)];
        nint got;
        fixed (byte* p = data)
            got = offset is long at ? HostCalls.pread(file.HostFd, p, data.Length, at) : HostCalls.read(file.HostFd, p, data.Length);
        if (got < 0)
            return HostCalls.Error();
        Scatter(vectors, 0, data.AsSpan(0, (int)got));
        return got;
    });

    // Whether the user could write every one of the guest's buffers; their total length.
    private bool AllWritable((ulong Base, ulong Length)[] vectors, out ulong total)
    {
        total = 0;
        foreach (var (address, length) in vectors)
        {
            if (!Memory.IsWritable(address, length))
                return false;
            total += length;
        }
        return true;
    }

    // Writes data into the guest's buffers as if they were one, from byte `offset` of them on.
    private void Scatter((ulong Base, ulong Length)[] buffers, long offset, ReadOnlySpan<byte> data)
    {
        foreach (var (address, length) in buffers)
        {
            if (data.IsEmpty)
                return;
            if (offset >= (long)length)
            {
                offset -= (long)length;
                continue;
            }
            int part = (int)Math.Min((long)length - offset, data.Length);
            Memory.TryWrite(address + (ulong)offset, data[..part]);
            data = data[part..];
            offset = 0;
        }
    }

    // Closes (or, with CLOSE_RANGE_CLOEXEC, marks close-on-exec) every open descriptor in [first, last]; with one
    // process and one thread the table is never shared, so CLOSE_RANGE_UNSHARE changes nothing.
    private long CloseRange(SyscallArguments args)
    {
        const uint Unshare = 2, CloseOnExec = 4;
        uint first = (uint)args[0], last = (uint)args[1], flags = (uint)args[2];
        if ((flags & ~(Unshare | CloseOnExec)) != 0 || first > last)
            return Invalid;
        for (long fd = first; fd <= Math.Min(last, FileTable.MaxDescriptors - 1); fd++)
        {
            if ((flags & CloseOnExec) != 0)
            {
                if (Process.Files.Get(fd) is { } file)
                    file.CloseOnExec = true;
            }
            else if (Process.Files.Remove(fd) is { } closed)
                HostCalls.close(closed.HostFd);
        }
        return 0;
    }

    // A host eventfd: reads, writes, polls and its flags (EFD_SEMAPHORE, EFD_NONBLOCK, EFD_CLOEXEC) are the host's.
    private long EventFd(SyscallArguments args)
    {
        const int Semaphore = 1;
        int flags = args.Int(1);
        if ((flags & ~(Semaphore | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC)) != 0)
            return Invalid;
        return AddHostDescriptor(HostCalls.eventfd((uint)args[0], OpenFlags.ToHost(flags | OpenFlags.O_CLOEXEC)), (flags & OpenFlags.O_CLOEXEC) != 0);
    }

    // A host timerfd on the clock the guest names (TFD_NONBLOCK and TFD_CLOEXEC are O_NONBLOCK and O_CLOEXEC);
    // struct itimerspec is two timespecs on every 64-bit Linux, so values pass as they are.
    private long TimerFdCreate(SyscallArguments args)
    {
        int flags = args.Int(1);
        if ((flags & ~(OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC)) != 0)
            return Invalid;
        return AddHostDescriptor(HostCalls.timerfd_create(args.Int(0), OpenFlags.ToHost(flags | OpenFlags.O_CLOEXEC)), (flags & OpenFlags.O_CLOEXEC) != 0);
    }

    private long TimerFdSetTime(SyscallArguments args) => WithFile(args[0], file =>
    {
        byte[] wanted = new byte[ItimerspecSize];
        if (!Memory.TryRead(args[2], wanted))
            return Fault;
        return TimerFdTime(file, args[3], (f, old) =>
        {
            fixed (byte* w = wanted)
                return HostCalls.timerfd_settime(f, args.Int(1), w, old);
        });
    });

    private const int ItimerspecSize = 32;

    // Runs a timerfd call that may report a struct itimerspec (at a null guest address, none is asked for).
    private long TimerFdTime(OpenFile file, ulong address, Func<int, nint, int> call)
    {
        byte[] value = new byte[ItimerspecSize];
        int result;
        fixed (byte* v = value)
            result = call(file.HostFd, address == 0 ? 0 : (nint)v);
        if (result < 0)
            return HostCalls.Error();
        return address == 0 || Memory.TryWrite(address, value) ? 0 : Fault;
    }

    // Gives a new host descriptor with no path (a memfd, an eventfd, ...) its guest number; passes on the failure
    // that made none.
    private long AddHostDescriptor(int host, bool closeOnExec)
    {
        if (host < 0)
            return HostCalls.Error();
        int fd = Process.Files.Add(new OpenFile(host, "", false) { CloseOnExec = closeOnExec });
        if (fd < 0)
        {
            HostCalls.close(host);
            return -Errno.EMFILE;
        }
        return fd;
    }

    private long Close(SyscallArguments args)
    {
        var file = Process.Files.Remove((long)args[0]);
        if (file == null)
            return BadDescriptor;
        HostCalls.close(file.HostFd);
        return 0;
    }

    private long Duplicate(OpenFile file, int minimum, bool cloexec)
    {
        int host = HostCalls.dup(file.HostFd);
        if (host < 0)
            return HostCalls.Error();
        int fd = Process.Files.Add(file with { HostFd = host, CloseOnExec = cloexec }, minimum);
        if (fd < 0)
        {
            HostCalls.close(host);
            return -Errno.EMFILE;
        }
        return fd;
    }

    private long Dup3(SyscallArguments args) => WithFile(args[0], file =>
    {
        int target = args.Int(1);
        if (target == args.Int(0) || (args.Int(2) & ~OpenFlags.O_CLOEXEC) != 0)
            return Invalid;
        if (target < 0 || target >= FileTable.MaxDescriptors)
            return BadDescriptor;
        int host = HostCalls.dup(file.HostFd);
        if (host < 0)
            return HostCalls.Error();
        var old = Process.Files.Replace(target, file with { HostFd = host, CloseOnExec = (args.Int(2) & OpenFlags.O_CLOEXEC) != 0 });
        if (old != null)
            HostCalls.close(old.HostFd);
        return target;
    });

    private long Fcntl(SyscallArguments args) => WithFile(args[0], file =>
    {
        switch (args.Int(1))
        {
            case FDupFd or FDupFdCloexec:
                int minimum = args.Int(2);
                if (minimum < 0 || minimum >= FileTable.MaxDescriptors)
                    return Invalid;
                return Duplicate(file, minimum, cloexec: args.Int(1) == FDupFdCloexec);
            case FGetFd:
                return file.CloseOnExec ? FdCloexec : 0;
            case FSetFd:
                file.CloseOnExec = (args[2] & FdCloexec) != 0;
                return 0;
            case FGetFl:
            {
                int flags = HostCalls.fcntl(file.HostFd, FGetFl, 0);
                return flags < 0 ? HostCalls.Error() : OpenFlags.FromHost(flags & ~OpenFlags.O_CLOEXEC);
            }
            case FSetFl:
                return HostResult(HostCalls.fcntl(file.HostFd, FSetFl, OpenFlags.ToHost(args.Int(2))));
            case FGetLk or FSetLk or FSetLkw:
            {
                // struct flock has the same layout on riscv64 and the 64-bit hosts.
                byte[] flock = new byte[FlockSize];
                if (!Memory.TryRead(args[2], flock))
                    return Fault;
                int result;
                fixed (byte* p = flock)
                    result = HostCalls.fcntl(file.HostFd, args.Int(1), (long)p);
                if (result < 0)
                    return HostCalls.Error();
                return Memory.TryWrite(args[2], flock) ? 0 : Fault;
            }
            default:
                Process.Warn($"fcntl command {args.Int(1)} is not supported");
                return Invalid;
        }
    });

    private long Pipe2(SyscallArguments args)
    {
        int flags = args.Int(1);
        if ((flags & ~(OpenFlags.O_CLOEXEC | OpenFlags.O_NONBLOCK | OpenFlags.O_DIRECT)) != 0)
            return Invalid;
        int* fds = stackalloc int[2];
        if (HostCalls.pipe2(fds, OpenFlags.ToHost(flags | OpenFlags.O_CLOEXEC)) != 0)
            return HostCalls.Error();
        return AddDescriptorPair(fds, (flags & OpenFlags.O_CLOEXEC) != 0, args[0]);
    }

    // Gives a new pair of host descriptors (a pipe's ends, a socket pair) guest numbers and writes them at `address`;
    // EMFILE, with both closed, when the table has no room for the two.
    private long AddDescriptorPair(int* fds, bool closeOnExec, ulong address)
    {
        int first = Process.Files.Add(new OpenFile(fds[0], "", false) { CloseOnExec = closeOnExec });
        int second = first < 0 ? -1 : Process.Files.Add(new OpenFile(fds[1], "", false) { CloseOnExec = closeOnExec });
        if (second < 0)
        {
            if (first >= 0)
                Process.Files.Remove(first);
            HostCalls.close(fds[0]);
            HostCalls.close(fds[1]);
            return -Errno.EMFILE;
        }
        return Memory.TryWriteUInt32(address, (uint)first) && Memory.TryWriteUInt32(address + sizeof(int), (uint)second) ? 0 : Fault;
    }

    // Terminal queries are answered by the host descriptor itself, so a pipe or file says ENOTTY just as it would.
    private long Ioctl(SyscallArguments args) => WithFile(args[0], file =>
    {
        int size = args[1] switch
        {
            Tcgets => TermiosSize,
            Tiocgwinsz => WinsizeSize,
            Fionread => IntSize,
            _ => 0,
        };
        if (size == 0)
        {
            Process.Warn($"ioctl request 0x{args[1]:x} is not supported");
            return -Errno.ENOTTY;
        }
        byte[] data = new byte[size];
        int result;
        fixed (byte* p = data)
            result = HostCalls.ioctl(file.HostFd, args[1], p);
        if (result < 0)
            return HostCalls.Error();
        return Memory.TryWrite(args[2], data) ? result : Fault;
    });

    private long GetDirectoryEntries(SyscallArguments args) => WithFile(args[0], file =>
    {
        if (!file.IsDirectory)
            return -Errno.ENOTDIR;
        int length = (int)Math.Min(args[2], MaxTransfer);
        if (!Memory.IsWritable(args[1], (ulong)length))
            return Fault;
        byte[] data = new byte[length];
        nint got;
        // struct linux_dirent64 is the same on every architecture.
        fixed (byte* p = data)
            got = HostCalls.getdents64(file.HostFd, p, length);
        if (got < 0)
            return HostCalls.Error();
        Memory.TryWrite(args[1], data.AsSpan(0, (int)got));
        return got;
    });

    // The host's descriptor sharing the open file gets the lock, so descriptors of separate opens conflict as on Linux.
    private long Flock(SyscallArguments args)
    {
        const int LockShared = 1, LockExclusive = 2, LockNonBlocking = 4, LockUnlock = 8, LockMandatory = 32;
        int operation = args.Int(1);
        if ((operation & LockMandatory) != 0)
            return 0; // Linux ignores the long-broken mandatory locks
        if ((operation & ~LockNonBlocking) is not (LockShared or LockExclusive or LockUnlock))
            return Invalid;
        return WithFile(args[0], file => HostResult(HostCalls.flock(file.HostFd, operation)));
    }

    // A host memfd: an anonymous file in memory that reads, writes, seeks, truncates, stats and maps like any other.
    private long MemfdCreate(SyscallArguments args)
    {
        const uint Cloexec = 1, AllowSealing = 2, HugeTlb = 4, NoExecSeal = 8, Exec = 0x10, HugePageSizes = 0x3Fu << 26;
        const int NameMax = 249; // NAME_MAX less the "memfd:" prefix
        uint flags = (uint)args[1];
        uint known = Cloexec | AllowSealing | HugeTlb | NoExecSeal | Exec | ((flags & HugeTlb) != 0 ? HugePageSizes : 0);
        if ((flags & ~known) != 0)
            return Invalid;
        // Like the kernel, look no further than where the longest name's NUL would be.
        if (!Memory.TryReadStringBytes(args[0], NameMax + 1, out byte[] name, out bool terminated))
            return Fault;
        if (!terminated)
            return Invalid;
        byte[] terminatedName = [.. name, 0];
        int host;
        fixed (byte* p = terminatedName)
            host = HostCalls.memfd_create(p, flags | Cloexec);
        return AddHostDescriptor(host, (flags & Cloexec) != 0);
    }

    private long WriteStatfs(int hostFd, ulong address)
    {
        byte[] statfs = new byte[GuestStat.StatfsSize];
        fixed (byte* p = statfs)
        {
            if (HostCalls.fstatfs(hostFd, p) != 0)
                return HostCalls.Error();
        }
        return Memory.TryWrite(address, statfs) ? 0 : Fault;
    }

    /// <summary>fstat of a host descriptor into a guest struct stat.</summary>
    private long WriteStat(int hostFd, ulong address)
    {
        byte[] statx = new byte[GuestStat.StatxSize];
        int result;
        fixed (byte* empty = new byte[1])
        fixed (byte* p = statx)
            result = HostCalls.statx(hostFd, empty, AtEmptyPath, StatxBasicStats, p);
        if (result != 0)
            return HostCalls.Error();
        byte[] stat = new byte[GuestStat.StatSize];
        GuestStat.FromStatx(statx, stat);
        return Memory.TryWrite(address, stat) ? 0 : Fault;
    }
}
