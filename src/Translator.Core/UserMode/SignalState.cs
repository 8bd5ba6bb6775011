namespace Translator.UserMode;

/// <summary>
/// One thread's signal bookkeeping: the process's actions as the guest set them (shared by all its threads), and the
/// thread's own blocked mask, pending signals (with what raised each) and alternate stack. <see cref="SignalFrames"/>
/// runs the handlers.
/// </summary>
public sealed class SignalState
{
    /// <summary>Creates the state of a process's first thread, with default actions.</summary>
    public SignalState() : this(NewActions()) { }

    private SignalState(byte[][] actions) => _actions = actions;

    /// <summary>
    /// The state of a thread this one creates: the same actions and mask, nothing pending and no alternate stack (as
    /// Linux gives a new thread that shares its creator's memory).
    /// </summary>
    public SignalState ForNewThread() => new(_actions) { Blocked = Blocked };

    /// <summary>Size of the kernel's struct sigaction on riscv64: handler, flags, mask (no restorer).</summary>
    public const int ActionSize = 24;

    /// <summary>SIG_DFL and SIG_IGN, the two handler values that are not functions.</summary>
    public const ulong DefaultHandler = 0, IgnoreHandler = 1;

    private readonly byte[][] _actions;

    private static byte[][] NewActions()
    {
        var actions = new byte[Abi.Signal.Max + 1][];
        for (int i = 0; i < actions.Length; i++)
            actions[i] = new byte[ActionSize];
        return actions;
    }

    /// <summary>The raw struct sigaction of a signal (1..64).</summary>
    public byte[] Action(int signal) => _actions[signal];

    /// <summary>The handler a signal's action names.</summary>
    public ulong Handler(int signal) => BitConverter.ToUInt64(_actions[signal], 0);

    /// <summary>The sa_flags of a signal's action.</summary>
    public ulong Flags(int signal) => BitConverter.ToUInt64(_actions[signal], FlagsOffset);

    /// <summary>The signals the action blocks while its handler runs (sa_mask).</summary>
    public ulong HandlerMask(int signal) => BitConverter.ToUInt64(_actions[signal], MaskOffset);

    /// <summary>Whether the signal's action runs a guest function.</summary>
    public bool HasHandler(int signal) => Handler(signal) is not (DefaultHandler or IgnoreHandler);

    /// <summary>Makes the signal's action the default one again (SA_RESETHAND, or a fault the program cannot take).</summary>
    public void ResetToDefault(int signal) => Array.Clear(_actions[signal]);

    private const int FlagsOffset = 8, MaskOffset = 16;

    /// <summary>sa_flags bits rvt acts on.</summary>
    public const ulong SaSiginfo = 4, SaOnStack = 0x0800_0000, SaRestart = 0x1000_0000, SaNoDefer = 0x4000_0000, SaResetHand = 0x8000_0000;

    private readonly SignalInfo[] _info = new SignalInfo[Abi.Signal.Max + 1];

    /// <summary>What raised a pending signal.</summary>
    public SignalInfo Info(int signal) => _info[signal];

    /// <summary>Makes a signal pending, raised as <paramref name="info"/> says (a standard signal does not queue twice).</summary>
    public void MakePending(int signal, SignalInfo info)
    {
        if ((Pending & Bit(signal)) == 0)
            _info[signal] = info;
        Pending |= Bit(signal);
    }

    /// <summary>Blocked signals, bit (signal-1).</summary>
    public ulong Blocked { get; set; }

    /// <summary>
    /// The mask to restore when the next handler returns instead of <see cref="Blocked"/> (rt_sigsuspend's caller's
    /// mask), or null.
    /// </summary>
    public ulong? MaskAfterHandler { get; set; }

    /// <summary>Signals raised while blocked, bit (signal-1).</summary>
    public ulong Pending { get; set; }

    /// <summary>The alternate signal stack as the guest set it (struct stack_t, 24 bytes).</summary>
    public byte[] AlternateStack { get; } = DisabledStack();

    // ss_flags = SS_DISABLE: no alternate stack until the guest sets one.
    private static byte[] DisabledStack()
    {
        const int FlagsOffset = 8, SsDisable = 2;
        var stack = new byte[24];
        stack[FlagsOffset] = SsDisable;
        return stack;
    }

    /// <summary>The mask bit of a signal.</summary>
    public static ulong Bit(int signal) => 1UL << (signal - 1);
}

/// <summary>
/// The siginfo a handler receives: si_code, and the sender (kill, tgkill) or the faulting address (SIGSEGV, SIGBUS,
/// SIGILL, SIGTRAP).
/// </summary>
public readonly record struct SignalInfo(int Code, int SenderPid = 0, uint SenderUid = 0, ulong? Address = null)
{
#pragma warning disable CS1591 // si_code values by their C names.
    public const int SiUser = 0, SiKernel = 0x80, SiTkill = -6, SegvMaperr = 1, SegvAccerr = 2, BusAdraln = 1, BusAdrerr = 2, IllIllopc = 1, TrapBrkpt = 1;
#pragma warning restore CS1591
}
