using Translator.Hart;
using Translator.Memory;

namespace Translator.UserMode;

/// <summary>
/// Catches the hart's exceptions in place of a kernel's trap vector: it records the exception and asks the
/// engine to stop, so the user-mode machine can handle it (a syscall, or a signal) and resume.
/// </summary>
public sealed class ExceptionTrap : IExceptionInterceptor
{
    private const string StopSource = "user-mode exception";
    private readonly MachineStop _stop;

    /// <summary>Creates the trap; it stops the engine through <paramref name="stop"/>.</summary>
    public ExceptionTrap(MachineStop stop) => _stop = stop;

    /// <summary>Whether an exception is waiting to be handled.</summary>
    public bool Pending { get; private set; }

    /// <summary>The waiting exception.</summary>
    public ExceptionCause Cause { get; private set; }

    /// <summary>Its xtval: the faulting address or instruction bits.</summary>
    public ulong Value { get; private set; }

    /// <inheritdoc/>
    public void OnException(HartState hart, ExceptionCause cause, ulong tval)
    {
        Pending = true;
        Cause = cause;
        Value = tval;
        _stop.Request(0, StopSource);
    }

    /// <summary>Marks the exception handled and lets the engine run again.</summary>
    public void Clear()
    {
        Pending = false;
        _stop.Clear();
    }
}
