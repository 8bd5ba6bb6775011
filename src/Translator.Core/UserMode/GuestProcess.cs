using Translator.UserMode.Abi;
using Translator.UserMode.Files;
using Translator.UserMode.Memory;

namespace Translator.UserMode;

/// <summary>
/// The kernel's view of the one guest process: its memory, descriptors, directories, break and signal state.
/// The syscall areas share it.
/// </summary>
public sealed class GuestProcess
{
    /// <summary>Creates the process state.</summary>
    public GuestProcess(AddressSpace memory, RootedPaths paths, string workingDirectory, string executablePath, TextWriter diagnostics)
    {
        Memory = memory;
        Paths = paths;
        WorkingDirectory = workingDirectory;
        ExecutablePath = executablePath;
        Diagnostics = diagnostics;
        Pid = HostCalls.getpid();
    }

    /// <summary>The guest's virtual memory.</summary>
    public AddressSpace Memory { get; }

    /// <summary>Open descriptors.</summary>
    public FileTable Files { get; } = new();

    /// <summary>The root that confines every path.</summary>
    public RootedPaths Paths { get; }

    /// <summary>The current directory, a real host path inside the root.</summary>
    public string WorkingDirectory { get; set; }

    /// <summary>The program's absolute host path (what /proc/self/exe names).</summary>
    public string ExecutablePath { get; }

    /// <summary>Where warnings and strace lines go.</summary>
    public TextWriter Diagnostics { get; }

    /// <summary>The process id reported to the guest (the host's).</summary>
    public int Pid { get; }

    /// <summary>The start of the heap (the page after the program's last segment).</summary>
    public ulong BreakStart { get; set; }

    /// <summary>The current program break.</summary>
    public ulong Break { get; set; }

    /// <summary>Signal actions, masks and pending signals.</summary>
    public SignalState Signals { get; } = new();

    /// <summary>Set when the process has ended (exit, or a fatal signal).</summary>
    public ProcessExit? Exit { get; set; }

    /// <summary>Prints a one-line warning.</summary>
    public void Warn(string message) => Diagnostics.WriteLine("rvt: warning: " + message);

    /// <summary>
    /// Raises a signal in the process: ignored (SIG_IGN, or ignored by default), left pending while blocked, or
    /// fatal. rvt does not run guest handlers, so a signal that would run one ends the process too.
    /// </summary>
    public void Raise(int signal, string detail)
    {
        ulong bit = SignalState.Bit(signal);
        bool uncatchable = signal is Signal.SIGKILL or Signal.SIGSTOP;
        if (!uncatchable && (Signals.Blocked & bit) != 0)
        {
            Signals.Pending |= bit;
            return;
        }
        ulong handler = Signals.Handler(signal);
        if (!uncatchable && (handler == SignalState.IgnoreHandler || (handler == SignalState.DefaultHandler && Signal.IgnoredByDefault(signal))))
            return;
        Kill(signal, handler == SignalState.DefaultHandler || uncatchable ? detail : $"{detail}; rvt does not run its handler at 0x{handler:x}");
    }

    /// <summary>Delivers the pending signals that are no longer blocked (after the mask changed).</summary>
    public void DeliverPending()
    {
        ulong deliverable = Signals.Pending & ~Signals.Blocked;
        for (int signal = 1; deliverable != 0 && signal <= Signal.Max; signal++)
        {
            ulong bit = SignalState.Bit(signal);
            if ((deliverable & bit) == 0)
                continue;
            Signals.Pending &= ~bit;
            deliverable &= ~bit;
            Raise(signal, "sent by the program to itself");
        }
    }

    /// <summary>Ends the process with a fatal signal; <paramref name="detail"/> says what raised it.</summary>
    public void Kill(int signal, string detail, ulong? faultAddress = null)
    {
        Exit ??= new ProcessExit(Signal.ExitStatusBase + signal, signal, detail, faultAddress);
    }
}
