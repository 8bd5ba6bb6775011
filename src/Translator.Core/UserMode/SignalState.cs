namespace Translator.UserMode;

/// <summary>
/// The guest's signal bookkeeping: actions as the guest set them, the blocked mask, pending signals and the
/// alternate stack. rvt never runs guest handlers; it records them so the calls behave, and honours SIG_IGN.
/// </summary>
public sealed class SignalState
{
    /// <summary>Size of the kernel's struct sigaction on riscv64: handler, flags, mask (no restorer).</summary>
    public const int ActionSize = 24;

    /// <summary>SIG_DFL and SIG_IGN, the two handler values that are not functions.</summary>
    public const ulong DefaultHandler = 0, IgnoreHandler = 1;

    private readonly byte[][] _actions = NewActions();

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

    /// <summary>Blocked signals, bit (signal-1).</summary>
    public ulong Blocked { get; set; }

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
