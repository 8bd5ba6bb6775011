using System.Buffers.Binary;
using System.Diagnostics;
using Translator.UserMode.Abi;
using Translator.UserMode.Files;

namespace Translator.UserMode.Syscalls;

/// <summary>
/// ppoll and pselect6: both wait on the host descriptors behind the guest's, so pipes, terminals and stdio are as
/// ready as they really are and regular files always are; a signal (from an interval timer) ends the wait with EINTR.
/// </summary>
public sealed unsafe partial class DescriptorSyscalls
{
    private const int PollFdSize = HostPoll.PollFdSize, PollEventsOffset = 4, PollReventsOffset = 6;
    private const short PollIn = 0x1, PollPri = 0x2, PollOut = 0x4, PollErr = 0x8, PollHup = 0x10, PollNval = 0x20;
    private const short PollRdNorm = 0x40, PollRdBand = 0x80, PollWrNorm = 0x100, PollWrBand = 0x200;
    // What select counts as readable, writable and exceptional (the kernel's POLLIN_SET, POLLOUT_SET and POLLEX_SET).
    private const short ReadableSet = PollIn | PollRdNorm | PollRdBand | PollHup | PollErr;
    private const short WritableSet = PollOut | PollWrNorm | PollWrBand | PollErr;
    private const short ExceptionalSet = PollPri;
    private const int SelectSets = 3, FdSetWordBits = 64;
    private const int SigsetSize = 8, TimeoutSize = 16;
    private const long NanosecondsPerSecond = 1_000_000_000, NanosecondsPerTick = NanosecondsPerSecond / TimeSpan.TicksPerSecond;

    private long Ppoll(SyscallArguments args)
    {
        long error = ReadTimespec(args[2], out long? timeout);
        ulong? mask = null;
        if (error == 0)
            error = ReadSignalMask(args[3], args[4], out mask);
        if (error != 0)
            return error;
        long start = Stopwatch.GetTimestamp();
        ulong count = (uint)args[1];
        if (count > FileTable.MaxDescriptors)
            return Invalid;
        byte[] entries = new byte[(int)count * PollFdSize];
        if (!Memory.TryRead(args[0], entries))
            return Fault;
        // Negative descriptors are skipped, as Linux skips them; unknown ones answer POLLNVAL without waiting.
        byte[] host = new byte[entries.Length];
        var invalid = new bool[(int)count];
        for (int i = 0; i < (int)count; i++)
        {
            var entry = entries.AsSpan(i * PollFdSize);
            int fd = BinaryPrimitives.ReadInt32LittleEndian(entry);
            var file = fd < 0 ? null : Process.Files.Get(fd);
            invalid[i] = fd >= 0 && file == null;
            BinaryPrimitives.WriteInt32LittleEndian(host.AsSpan(i * PollFdSize), file?.HostFd ?? -1);
            BinaryPrimitives.WriteInt16LittleEndian(host.AsSpan(i * PollFdSize + PollEventsOffset), BinaryPrimitives.ReadInt16LittleEndian(entry[PollEventsOffset..]));
        }
        error = Wait(host, Array.IndexOf(invalid, true) >= 0 ? 0 : timeout, start, mask);
        if (error < 0)
            return error;
        int ready = 0;
        for (int i = 0; i < (int)count; i++)
        {
            short revents = invalid[i] ? PollNval : BinaryPrimitives.ReadInt16LittleEndian(host.AsSpan(i * PollFdSize + PollReventsOffset));
            if (revents != 0)
                ready++;
            var field = entries.AsSpan(i * PollFdSize + PollReventsOffset, sizeof(short));
            BinaryPrimitives.WriteInt16LittleEndian(field, revents);
            if (!Memory.TryWrite(args[0] + (ulong)(i * PollFdSize + PollReventsOffset), field))
                return Fault;
        }
        WriteTimeLeft(args[2], timeout, start);
        return ready;
    }

    private long Pselect6(SyscallArguments args)
    {
        // The sixth argument points at a pair: the signal mask's address and its size.
        ulong maskAddress = 0, maskSize = 0;
        if (args[5] != 0 && (!Memory.TryReadUInt64(args[5], out maskAddress) || !Memory.TryReadUInt64(args[5] + 8, out maskSize)))
            return Fault;
        long error = ReadTimespec(args[4], out long? timeout);
        ulong? mask = null;
        if (error == 0)
            error = ReadSignalMask(maskAddress, maskSize, out mask);
        if (error != 0)
            return error;
        long start = Stopwatch.GetTimestamp();
        if (args.Int(0) < 0)
            return Invalid;
        int count = Math.Min(args.Int(0), FileTable.MaxDescriptors);
        var sets = new byte[SelectSets][];
        for (int s = 0; s < SelectSets; s++)
        {
            sets[s] = new byte[(count + FdSetWordBits - 1) / FdSetWordBits * sizeof(ulong)];
            if (args[1 + s] != 0 && !Memory.TryRead(args[1 + s], sets[s]))
                return Fault;
        }

        // One host pollfd for each descriptor in any set; one that is not open is EBADF.
        var fds = new List<int>();
        var host = new List<byte>();
        Span<byte> entry = stackalloc byte[PollFdSize];
        for (int fd = 0; fd < count; fd++)
        {
            short events = (short)((IsSet(sets[0], fd) ? PollIn | PollRdNorm | PollRdBand : 0)
                | (IsSet(sets[1], fd) ? PollOut | PollWrNorm | PollWrBand : 0) | (IsSet(sets[2], fd) ? PollPri : 0));
            if (events == 0)
                continue;
            var file = Process.Files.Get(fd);
            if (file == null)
                return BadDescriptor;
            BinaryPrimitives.WriteInt32LittleEndian(entry, file.HostFd);
            BinaryPrimitives.WriteInt16LittleEndian(entry[PollEventsOffset..], events);
            BinaryPrimitives.WriteInt16LittleEndian(entry[PollReventsOffset..], 0);
            fds.Add(fd);
            host.AddRange(entry.ToArray());
        }
        byte[] polled = host.ToArray();
        error = Wait(polled, timeout, start, mask);
        if (error < 0)
            return error;

        var results = new byte[SelectSets][];
        for (int s = 0; s < SelectSets; s++)
            results[s] = new byte[sets[s].Length];
        int ready = 0;
        for (int i = 0; i < fds.Count; i++)
        {
            short revents = BinaryPrimitives.ReadInt16LittleEndian(polled.AsSpan(i * PollFdSize + PollReventsOffset));
            ready += Report(sets[0], results[0], fds[i], (revents & ReadableSet) != 0);
            ready += Report(sets[1], results[1], fds[i], (revents & WritableSet) != 0);
            ready += Report(sets[2], results[2], fds[i], (revents & ExceptionalSet) != 0);
        }
        for (int s = 0; s < SelectSets; s++)
        {
            if (args[1 + s] != 0 && !Memory.TryWrite(args[1 + s], results[s]))
                return Fault;
        }
        WriteTimeLeft(args[4], timeout, start);
        return ready;
    }

    private static bool IsSet(byte[] set, int fd) => (set[fd / 8] & (1 << (fd % 8))) != 0;

    // Marks a descriptor ready in the result when it was asked about and is ready; returns 1 when marked.
    private static int Report(byte[] asked, byte[] result, int fd, bool ready)
    {
        if (!ready || !IsSet(asked, fd))
            return 0;
        result[fd / 8] |= (byte)(1 << (fd % 8));
        return 1;
    }

    // The signal mask to wait with, null for none.
    private long ReadSignalMask(ulong address, ulong size, out ulong? mask)
    {
        mask = null;
        if (address == 0)
            return 0;
        if (size != SigsetSize)
            return Invalid;
        if (!Memory.TryReadUInt64(address, out ulong value))
            return Fault;
        mask = value & ~(SignalState.Bit(Signal.SIGKILL) | SignalState.Bit(Signal.SIGSTOP));
        return 0;
    }

    private static long TimeLeft(long timeout, long start) =>
        Math.Max(0, timeout - Stopwatch.GetElapsedTime(start).Ticks * NanosecondsPerTick);

    // Waits with the given signal mask, which stays in place until the handler of a signal that interrupted the wait
    // has run (as the kernel restores it), else comes back at once.
    private long Wait(byte[] pollfds, long? timeout, long start, ulong? mask)
    {
        if (mask == null)
            return Wait(pollfds, timeout, start);
        ulong old = Process.Signals.Blocked;
        Process.Signals.Blocked = mask.Value;
        long result = Wait(pollfds, timeout, start);
        Process.EndMaskedWait(old, interrupted: result == -Errno.EINTR);
        return result;
    }

    // Waits on host pollfds (fd -1 entries are skipped) until one is ready, the timeout ends, or a signal is due: the
    // host's wait is cut at the next interval timer's deadline so that its signal ends the wait with EINTR, as on
    // Linux (ready descriptors still come first). A host signal that interrupts the host's wait is none of the guest's.
    // While other threads could run, a wait that must last waits in the scheduler instead of the host, and the call
    // runs again once a descriptor is ready (a timeout ends it with 0).
    private long Wait(byte[] pollfds, long? timeout, long start)
    {
        if (Process.Threads.OthersLive && timeout != 0 && !Process.SignalDue() && HostPoll.Wait(pollfds, TimeSpan.Zero) == 0)
        {
            Process.Threads.BlockCurrentUntilReady(pollfds, timeout is long total ? TimeSpan.FromTicks(TimeLeft(total, start) / NanosecondsPerTick) : null, 0);
            return SyscallTable.Restart;
        }
        while (true)
        {
            bool signalled = Process.SignalDue();
            long? slice = timeout is long total ? TimeLeft(total, start) : null;
            if (Process.Timers.UntilNextDeadline() is { } untilTimer && (slice == null || untilTimer.Ticks * NanosecondsPerTick < slice))
                slice = untilTimer.Ticks * NanosecondsPerTick;
            if (Process.ForwardsSignals && (slice == null || slice > GuestProcess.OutsideSignalLatency.Ticks * NanosecondsPerTick))
                slice = GuestProcess.OutsideSignalLatency.Ticks * NanosecondsPerTick; // look for signals from outside now and then
            if (signalled)
                slice = 0;
            if (slice == null && pollfds.Length == 0)
            {
                Process.Kill(Signal.SIGKILL, "waiting for nothing, with no timer armed and no other thread to send a signal: it would wait forever");
                return -Errno.EINTR;
            }
            int result = HostPoll.Wait(pollfds, slice is long nanoseconds ? TimeSpan.FromTicks(nanoseconds / NanosecondsPerTick) : null);
            if (result > 0)
                return result;
            if (result < 0 && HostCalls.Error() is long error && error != -Errno.EINTR)
                return error;
            if (signalled)
                return -Errno.EINTR;
            if (result == 0 && timeout is long limit && TimeLeft(limit, start) == 0)
                return 0;
        }
    }

    // Like the kernel, reports the time left through a non-zero timeout, ignoring a fault there.
    private void WriteTimeLeft(ulong address, long? timeout, long start)
    {
        if (timeout is not long total || total == 0)
            return;
        Span<byte> timespec = stackalloc byte[TimeoutSize];
        WriteTimespec(timespec, TimeLeft(total, start));
        Memory.TryWrite(address, timespec);
    }

    private static void WriteTimespec(Span<byte> timespec, long nanoseconds)
    {
        BinaryPrimitives.WriteInt64LittleEndian(timespec, nanoseconds / NanosecondsPerSecond);
        BinaryPrimitives.WriteInt64LittleEndian(timespec[8..], nanoseconds % NanosecondsPerSecond);
    }
}
