using System.Diagnostics;
using System.Runtime.InteropServices;
using Translator.UserMode.Abi;
using Translator.UserMode.Files;

namespace Translator.UserMode.Syscalls;

/// <summary>
/// epoll: a host epoll instance behind the guest's descriptor, watching the host descriptors behind the guest's, so
/// readiness is the host's as it is for ppoll. The guest's data word comes back as given. epoll_pwait waits the way
/// ppoll does (an interval timer's signal ends the wait with EINTR), for the instance itself to be readable, and then
/// collects what is ready.
/// </summary>
public sealed unsafe partial class DescriptorSyscalls
{
    // struct epoll_event: riscv64 aligns the 64-bit data word (16 bytes); x86-64 packs it after the events (12).
    private const int GuestEpollEventSize = 16, GuestEpollDataOffset = 8;
    private static readonly int HostEpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int HostEpollDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;
    private const int EpollCtlAdd = 1, EpollCtlDelete = 2, EpollCtlModify = 3;
    private const int MaxEpollEvents = int.MaxValue / GuestEpollEventSize;

    private void RegisterEpoll(SyscallTable table)
    {
        table.Add(SyscallNumber.epoll_create1, "x", EpollCreate);
        table.Add(SyscallNumber.epoll_ctl, "dddp", EpollCtl);
        table.Add(SyscallNumber.epoll_pwait, "dpddpu", EpollPwait);
    }

    private long EpollCreate(SyscallArguments args)
    {
        int flags = args.Int(0);
        if ((flags & ~OpenFlags.O_CLOEXEC) != 0)
            return Invalid;
        return AddHostDescriptor(HostCalls.epoll_create1(OpenFlags.ToHost(OpenFlags.O_CLOEXEC)), flags != 0);
    }

    private long EpollCtl(SyscallArguments args) => WithFile(args[0], epoll => WithFile(args[2], target =>
    {
        int operation = args.Int(1);
        if (operation is not (EpollCtlAdd or EpollCtlDelete or EpollCtlModify))
            return Invalid;
        byte[]? host = null;
        if (operation != EpollCtlDelete)
        {
            byte[] guest = new byte[GuestEpollEventSize];
            if (!Memory.TryRead(args[3], guest))
                return Fault;
            host = new byte[HostEpollEventSize];
            guest.AsSpan(0, sizeof(uint)).CopyTo(host);
            guest.AsSpan(GuestEpollDataOffset, sizeof(ulong)).CopyTo(host.AsSpan(HostEpollDataOffset));
        }
        fixed (byte* e = host)
            return HostResult(HostCalls.epoll_ctl(epoll.HostFd, operation, target.HostFd, e));
    }));

    // Linux checks the count and the buffer before the descriptor.
    private long EpollPwait(SyscallArguments args)
    {
        int max = args.Int(2);
        if (max <= 0 || max > MaxEpollEvents)
            return Invalid;
        if (!Memory.IsWritable(args[1], (ulong)max * GuestEpollEventSize))
            return Fault;
        return WithFile(args[0], epoll => EpollWait(epoll, max, args));
    }

    private long EpollWait(OpenFile epoll, int max, SyscallArguments args)
    {
        long error = ReadSignalMask(args[4], args[5], out ulong? mask);
        if (error != 0)
            return error;
        long? timeout = args.Int(3) < 0 ? null : args.Int(3) * 1_000_000L;
        long start = Stopwatch.GetTimestamp();
        byte[] host = new byte[max * HostEpollEventSize];
        byte[] pollfd = PollFd(epoll.HostFd, PollIn); // the instance polls readable while anything it watches is ready
        while (true)
        {
            error = Wait(pollfd, timeout is long total ? TimeLeft(total, start) : null, Stopwatch.GetTimestamp(), mask);
            if (error < 0)
                return error;
            int ready;
            fixed (byte* e = host)
                ready = HostCalls.epoll_wait(epoll.HostFd, e, max, 0);
            if (ready < 0)
                return HostCalls.Error();
            if (ready > 0 || error == 0 || (timeout is long limit && TimeLeft(limit, start) == 0))
                return CopyEpollEvents(host, ready, args[1]);
            // Readable, yet nothing to collect (a condition gone again): wait again for what is left of the timeout.
        }
    }

    private long CopyEpollEvents(byte[] host, int count, ulong address)
    {
        byte[] guest = new byte[count * GuestEpollEventSize];
        for (int i = 0; i < count; i++)
        {
            host.AsSpan(i * HostEpollEventSize, sizeof(uint)).CopyTo(guest.AsSpan(i * GuestEpollEventSize));
            host.AsSpan(i * HostEpollEventSize + HostEpollDataOffset, sizeof(ulong)).CopyTo(guest.AsSpan(i * GuestEpollEventSize + GuestEpollDataOffset));
        }
        return Memory.TryWrite(address, guest) ? count : Fault;
    }
}
