namespace Translator.Hart;

/// <summary>
/// The architectural state of one hart: registers, pc, privilege, CSRs, reservation and counters.
/// No execution logic lives here; engines read and write it.
/// </summary>
public sealed class HartState
{
    /// <summary>Integer registers x0..x31. x0 is kept at zero by the engines.</summary>
    public readonly ulong[] X = new ulong[32];

    /// <summary>Floating-point registers f0..f31 as raw 64-bit patterns (singles are NaN-boxed).</summary>
    public readonly ulong[] F = new ulong[32];

    /// <summary>The program counter.</summary>
    public ulong Pc;

    /// <summary>The current privilege level.</summary>
    public PrivilegeLevel Privilege = PrivilegeLevel.Machine;

    /// <summary>The control and status registers.</summary>
    public readonly CsrFile Csrs = new();

    /// <summary>Whether an LR reservation is held.</summary>
    public bool ReservationValid;

    /// <summary>The physical address of the reserved location, aligned down to its access size.</summary>
    public ulong ReservationAddress;

    /// <summary>Instructions retired (minstret), unless inhibited.</summary>
    public ulong InstructionsRetired;

    /// <summary>Cycles (mcycle); this model retires one instruction per cycle.</summary>
    public ulong Cycles;

    /// <summary>
    /// Instructions retired since reset. Unlike minstret, software cannot write or inhibit it, so it can drive
    /// the deterministic clock. Engines update it whenever they update minstret.
    /// </summary>
    public ulong RetiredSinceReset;

    /// <summary>
    /// Instructions the running engine has retired but not yet added to <see cref="RetiredSinceReset"/> (0 between
    /// runs). Engines count in locals and flush now and then; a device that reads the time mid-run (the CLINT's
    /// mtime) adds this, so time is exact at every access and the same whichever engine runs.
    /// </summary>
    public Func<ulong> PendingRetired = static () => 0;

    /// <summary>
    /// When set, synchronous exceptions go to the host instead of through xtvec: user-mode emulation handles
    /// ecall and faults itself. The pc is left at the trapping instruction and nothing else changes.
    /// </summary>
    public IExceptionInterceptor? ExceptionInterceptor;

    /// <summary>The hart's id, reported by mhartid and passed in a0 at reset.</summary>
    public ulong HartId;
}

/// <summary>Receives a hart's synchronous exceptions in place of the architectural trap (see <see cref="HartState.ExceptionInterceptor"/>).</summary>
public interface IExceptionInterceptor
{
    /// <summary>
    /// Called when the instruction at <see cref="HartState.Pc"/> raises an exception. The interceptor normally asks
    /// the machine to stop (so the engine returns) and handles the exception before running the hart again.
    /// </summary>
    void OnException(HartState hart, ExceptionCause cause, ulong tval);
}
