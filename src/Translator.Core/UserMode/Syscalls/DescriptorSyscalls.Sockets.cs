using System.Buffers.Binary;
using System.Text;
using Translator.UserMode.Abi;
using Translator.UserMode.Files;

namespace Translator.UserMode.Syscalls;

/// <summary>
/// Sockets: each guest socket is a host socket of the same domain (AF_UNIX, AF_INET, AF_INET6), type and protocol, so
/// TCP, UDP and Unix-domain traffic is the host's, as under qemu-riscv64. A Unix socket's path is resolved inside the
/// root like every other path (abstract names pass as they are). Address structures, socket options and message
/// flags have the same layout on riscv64 and the hosts. Ancillary data (SCM_RIGHTS, credentials) is not supported.
/// </summary>
public sealed unsafe partial class DescriptorSyscalls
{
    private const int AfUnix = 1, AfInet = 2, AfInet6 = 10;
    private const int SockNonblock = 0x800, SockCloexec = 0x80000, SockTypeMask = 0xF;
    private const int MaxSocketAddress = 128; // sizeof(struct sockaddr_storage)
    private const int UnixPathOffset = 2, UnixPathSize = 108;
    private const int MsgDontwait = 0x40, MsgNosignal = 0x4000;
    private const int MaxOptionLength = 256;
    private const int SoAttachFilter = 26, SoAttachReuseportCbpf = 51, SolSocket = 1;
    private const int MessageHeaderSize = 56, MsgName = 0, MsgNameLength = 8, MsgIov = 16, MsgIovLength = 24, MsgControlLength = 40, MsgFlags = 48;
    private const int EAfNoSupport = 97, EOpNotSupp = 95, ENoProtoOpt = 92;

    private void RegisterSockets(SyscallTable table)
    {
        table.Add(SyscallNumber.socket, "ddd", args => Socket(args.Int(0), args.Int(1), args.Int(2)));
        table.Add(SyscallNumber.socketpair, "dddp", SocketPair);
        table.Add(SyscallNumber.bind, "dpu", args => WithFile(args[0], file =>
            WithHostAddress(args[1], args[2], forBind: true, (address, length) => HostResult(HostCalls.bind(file.HostFd, address, length)))));
        table.Add(SyscallNumber.connect, "dpu", args => WithFile(args[0], file =>
            WithHostAddress(args[1], args[2], forBind: false, (address, length) => HostResult(HostCalls.connect(file.HostFd, address, length)))));
        table.Add(SyscallNumber.listen, "dd", args => WithFile(args[0], file => HostResult(HostCalls.listen(file.HostFd, args.Int(1)))));
        table.Add(SyscallNumber.accept, "dpp", args => Accept(args[0], args[1], args[2], 0));
        table.Add(SyscallNumber.accept4, "dppx", args => Accept(args[0], args[1], args[2], args.Int(3)));
        table.Add(SyscallNumber.getsockname, "dpp", args => WithFile(args[0], file => SocketName(file, args[1], args[2], peer: false)));
        table.Add(SyscallNumber.getpeername, "dpp", args => WithFile(args[0], file => SocketName(file, args[1], args[2], peer: true)));
        table.Add(SyscallNumber.sendto, "dbuxpu", args => WithFile(args[0], file =>
        {
            byte[] data = new byte[(int)Math.Min(args[2], MaxTransfer)];
            return Memory.TryRead(args[1], data) ? Send(file, data, args.Int(3), args[4], args[5]) : Fault;
        }));
        table.Add(SyscallNumber.recvfrom, "dpuxpp", args => WithFile(args[0], file =>
        {
            var buffer = new[] { (args[1], Math.Min(args[2], MaxTransfer)) };
            if (!Memory.IsWritable(args[1], buffer[0].Item2))
                return Fault;
            long got = Receive(file, buffer, args.Int(3), out byte[] from);
            return got >= 0 && WriteSocketAddress(from, args[4], args[5]) is var error && error != 0 ? error : got;
        }));
        table.Add(SyscallNumber.sendmsg, "dpx", args => WithFile(args[0], file => SendMessage(file, args[1], args.Int(2))));
        table.Add(SyscallNumber.recvmsg, "dpx", args => WithFile(args[0], file => ReceiveMessage(file, args[1], args.Int(2))));
        table.Add(SyscallNumber.setsockopt, "dddpu", args => WithFile(args[0], file => SetSocketOption(file, args.Int(1), args.Int(2), args[3], args[4])));
        table.Add(SyscallNumber.getsockopt, "dddpp", args => WithFile(args[0], file => GetSocketOption(file, args.Int(1), args.Int(2), args[3], args[4])));
        table.Add(SyscallNumber.shutdown, "dd", args => WithFile(args[0], file => HostResult(HostCalls.shutdown(file.HostFd, args.Int(1)))));
    }

    private long Socket(int domain, int type, int protocol)
    {
        if (domain is not (AfUnix or AfInet or AfInet6))
            return -EAfNoSupport;
        if ((type & ~(SockTypeMask | SockNonblock | SockCloexec)) != 0)
            return Invalid;
        return AddHostDescriptor(HostCalls.socket(domain, type | SockCloexec, protocol), (type & SockCloexec) != 0);
    }

    private long SocketPair(SyscallArguments args)
    {
        int domain = args.Int(0), type = args.Int(1);
        if (domain != AfUnix)
            return domain is AfInet or AfInet6 ? -EOpNotSupp : -EAfNoSupport;
        if ((type & ~(SockTypeMask | SockNonblock | SockCloexec)) != 0)
            return Invalid;
        if (!Memory.IsWritable(args[3], 2 * sizeof(int)))
            return Fault;
        int* fds = stackalloc int[2];
        if (HostCalls.socketpair(domain, type | SockCloexec, args.Int(2), fds) != 0)
            return HostCalls.Error();
        return AddDescriptorPair(fds, (type & SockCloexec) != 0, args[3]);
    }

    private delegate long AddressCall(byte* address, uint length);

    /// <summary>
    /// Reads a guest socket address and hands the host's form to <paramref name="call"/>: a Unix socket's path is
    /// resolved inside the root (for bind its last component is the name to create, so a symlink there is not followed).
    /// </summary>
    private long WithHostAddress(ulong address, ulong length, bool forBind, AddressCall call)
    {
        if (length > MaxSocketAddress)
            return Invalid;
        byte[] raw = new byte[length];
        if (!Memory.TryRead(address, raw))
            return Fault;
        if (length > UnixPathOffset && BinaryPrimitives.ReadUInt16LittleEndian(raw) == AfUnix && raw[UnixPathOffset] != 0)
        {
            int end = Array.IndexOf(raw, (byte)0, UnixPathOffset);
            string guestPath = Encoding.UTF8.GetString(raw, UnixPathOffset, (end < 0 ? raw.Length : end) - UnixPathOffset);
            int error = Process.Paths.Resolve(Process.WorkingDirectory, guestPath, followFinal: !forBind, out string hostPath);
            if (error != 0)
                return -error;
            byte[] path = Encoding.UTF8.GetBytes(hostPath);
            if (path.Length >= UnixPathSize)
                return -Errno.ENAMETOOLONG;
            raw = new byte[UnixPathOffset + path.Length + 1];
            BinaryPrimitives.WriteUInt16LittleEndian(raw, AfUnix);
            path.CopyTo(raw, UnixPathOffset);
        }
        fixed (byte* p = raw)
            return call(length == 0 ? null : p, (uint)raw.Length);
    }

    /// <summary>
    /// Writes a socket address the host gave back as the kernel does: at most the room *<paramref name="lengthAddress"/>
    /// says, and the full length there. Nothing for a null address.
    /// </summary>
    private long WriteSocketAddress(byte[] address, ulong guestAddress, ulong lengthAddress)
    {
        if (guestAddress == 0)
            return 0;
        if (!Memory.TryReadUInt32(lengthAddress, out uint room))
            return Fault;
        if ((int)room < 0)
            return Invalid;
        return Memory.TryWrite(guestAddress, address.AsSpan(0, (int)Math.Min(room, (uint)address.Length)))
            && Memory.TryWriteUInt32(lengthAddress, (uint)address.Length) ? 0 : Fault;
    }

    private long Accept(ulong fd, ulong address, ulong lengthAddress, int flags) => WithFile(fd, file =>
    {
        if ((flags & ~(SockNonblock | SockCloexec)) != 0)
            return Invalid;
        if (WaitsToRead(file))
            return SyscallTable.Restart; // another thread may be the one that connects
        byte[] from = new byte[MaxSocketAddress];
        uint length = MaxSocketAddress;
        int host;
        fixed (byte* p = from)
            host = HostCalls.accept4(file.HostFd, p, &length, (flags & SockNonblock) | SockCloexec);
        long accepted = AddHostDescriptor(host, (flags & SockCloexec) != 0);
        if (accepted < 0)
            return accepted;
        long error = WriteSocketAddress(from.AsSpan(0, (int)length).ToArray(), address, lengthAddress);
        return error != 0 ? error : accepted;
    });

    private long SocketName(OpenFile file, ulong address, ulong lengthAddress, bool peer)
    {
        byte[] name = new byte[MaxSocketAddress];
        uint length = MaxSocketAddress;
        int result;
        fixed (byte* p = name)
            result = peer ? HostCalls.getpeername(file.HostFd, p, &length) : HostCalls.getsockname(file.HostFd, p, &length);
        if (result < 0)
            return HostCalls.Error();
        return address == 0 ? Fault : WriteSocketAddress(name.AsSpan(0, (int)Math.Min(length, MaxSocketAddress)).ToArray(), address, lengthAddress);
    }

    // A send to a blocking socket, while other threads could run, goes without blocking the host: when the socket's
    // buffer is full the thread waits for room and the call runs again from where it stopped, so it returns only when
    // all is sent, as on Linux. A broken connection raises SIGPIPE unless MSG_NOSIGNAL, as the kernel does (the host's
    // own send never raises it).
    private long Send(OpenFile file, byte[] data, int flags, ulong address, ulong addressLength)
    {
        bool waitHere = (flags & MsgDontwait) == 0 && Process.Threads.OthersLive;
        long done = waitHere ? Process.Threads.Current.TakeProgress() : 0;
        long result = 0;
        while (done < data.Length || data.Length == 0)
        {
            fixed (byte* p = data)
            {
                byte* rest = p + done;
                int length = (int)(data.Length - done), hostFlags = flags | MsgNosignal | (waitHere ? MsgDontwait : 0);
                result = address == 0
                    ? HostResult(HostCalls.sendto(file.HostFd, rest, length, hostFlags, null, 0))
                    : WithHostAddress(address, addressLength, forBind: false,
                        (to, toLength) => HostResult(HostCalls.sendto(file.HostFd, rest, length, hostFlags, to, toLength)));
            }
            if (result < 0 || data.Length == 0)
                break;
            done += result;
        }
        if (result == -Errno.EAGAIN && waitHere && WaitsAgainFor(file, PollOut, done))
            return SyscallTable.Restart;
        if (done > 0)
            return done;
        return (flags & MsgNosignal) != 0 ? result : RaiseIfBrokenPipe(result);
    }

    /// <summary>
    /// Receives into the guest's buffers. With MSG_WAITALL while other threads could run, the host is asked only for
    /// what is there, and the thread waits for more and runs the call again from where it stopped until the buffers
    /// are full (or the peer ends), so that the sender can run meanwhile.
    /// </summary>
    private long Receive(OpenFile file, (ulong Base, ulong Length)[] buffers, int flags, out byte[] from)
    {
        const int MsgWaitall = 0x100;
        from = Array.Empty<byte>();
        long total = 0;
        foreach (var (_, length) in buffers)
            total += (long)length;
        total = Math.Min(total, MaxTransfer);
        bool waitHere = (flags & MsgDontwait) == 0 && Process.Threads.OthersLive;
        long done = waitHere ? Process.Threads.Current.TakeProgress() : 0;
        if (waitHere && WaitsFor(file, PollIn, done))
            return SyscallTable.Restart;
        byte[] data = new byte[total - done];
        byte[] address = new byte[MaxSocketAddress];
        uint addressLength = MaxSocketAddress;
        nint got;
        fixed (byte* p = data)
        fixed (byte* a = address)
            got = HostCalls.recvfrom(file.HostFd, p, data.Length, waitHere ? flags & ~MsgWaitall : flags, a, &addressLength);
        if (got < 0)
            return done > 0 ? done : HostCalls.Error();
        from = address.AsSpan(0, (int)Math.Min(addressLength, MaxSocketAddress)).ToArray();
        Scatter(buffers, done, data.AsSpan(0, (int)got));
        done += got;
        if (waitHere && (flags & MsgWaitall) != 0 && got > 0 && done < total && WaitsAgainFor(file, PollIn, done))
            return SyscallTable.Restart;
        return done;
    }

    // struct msghdr: name, namelen, iov, iovlen, control, controllen, flags (the same layout on riscv64 and the hosts).
    private bool TryReadMessageHeader(ulong address, out byte[] header, out (ulong Base, ulong Length)[] vectors, out long error)
    {
        header = new byte[MessageHeaderSize];
        vectors = Array.Empty<(ulong, ulong)>();
        error = Fault;
        if (!Memory.TryRead(address, header))
            return false;
        error = Invalid;
        ulong count = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(MsgIovLength));
        if (count > MaxIoVectors)
            return false;
        if (BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(MsgControlLength)) != 0)
        {
            Process.Warn("ancillary data (SCM_RIGHTS, credentials) on sockets is not supported; the call fails with EINVAL");
            return false;
        }
        error = Fault;
        return TryReadVectors(BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(MsgIov)), (int)count, out vectors);
    }

    private long SendMessage(OpenFile file, ulong message, int flags)
    {
        if (!TryReadMessageHeader(message, out byte[] header, out var vectors, out long error))
            return error;
        if (!TryGather(vectors, out byte[] data))
            return Fault;
        return Send(file, data, flags, BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(MsgName)),
            BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(MsgNameLength)));
    }

    private long ReceiveMessage(OpenFile file, ulong message, int flags)
    {
        if (!TryReadMessageHeader(message, out byte[] header, out var vectors, out long error))
            return error;
        if (!AllWritable(vectors, out _))
            return Fault;
        long got = Receive(file, vectors, flags, out byte[] from);
        if (got < 0)
            return got;
        ulong name = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(MsgName));
        error = WriteSocketAddress(from, name, message + MsgNameLength);
        if (error != 0)
            return error;
        if (name == 0)
            Memory.TryWriteUInt32(message + MsgNameLength, 0);
        Memory.TryWriteUInt32(message + MsgFlags, 0);
        return got;
    }

    // Option values are plain data, but a socket filter holds a pointer into guest memory, which the host cannot follow.
    private long SetSocketOption(OpenFile file, int level, int name, ulong value, ulong length)
    {
        if (level == SolSocket && name is SoAttachFilter or SoAttachReuseportCbpf)
        {
            Process.Warn("socket filters (SO_ATTACH_FILTER) are not supported");
            return -ENoProtoOpt;
        }
        if (length > MaxOptionLength)
            return Invalid;
        byte[] buffer = new byte[length];
        if (!Memory.TryRead(value, buffer))
            return Fault;
        fixed (byte* p = buffer)
            return HostResult(HostCalls.setsockopt(file.HostFd, level, name, p, (uint)length));
    }

    private long GetSocketOption(OpenFile file, int level, int name, ulong value, ulong lengthAddress)
    {
        if (!Memory.TryReadUInt32(lengthAddress, out uint room))
            return Fault;
        if ((int)room < 0)
            return Invalid;
        byte[] buffer = new byte[Math.Min(room, MaxOptionLength)];
        uint length = (uint)buffer.Length;
        int result;
        fixed (byte* p = buffer)
            result = HostCalls.getsockopt(file.HostFd, level, name, p, &length);
        if (result < 0)
            return HostCalls.Error();
        length = Math.Min(length, (uint)buffer.Length);
        return Memory.TryWrite(value, buffer.AsSpan(0, (int)length)) && Memory.TryWriteUInt32(lengthAddress, length) ? 0 : Fault;
    }
}
