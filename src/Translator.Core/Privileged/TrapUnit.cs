using Translator.Hart;

namespace Translator.Privileged;

/// <summary>
/// Takes exceptions and interrupts and performs <c>mret</c>/<c>sret</c>, per the privileged specification.
/// Shared by both engines so that trap entry and return are defined once. Every entry and return also
/// clears the LR reservation (the specification allows it; it keeps a handler's SC from succeeding by accident).
/// </summary>
public static class TrapUnit
{
    /// <summary>The xcause bit that marks an interrupt.</summary>
    public const ulong InterruptFlag = 1UL << 63;

    private const ulong TvecModeMask = 3;
    private const ulong TvecModeVectored = 1;

    // Interrupts in the order the specification gives them priority.
    private static readonly InterruptCause[] Priority =
    {
        InterruptCause.MachineExternal, InterruptCause.MachineSoftware, InterruptCause.MachineTimer,
        InterruptCause.SupervisorExternal, InterruptCause.SupervisorSoftware, InterruptCause.SupervisorTimer,
    };

    /// <summary>
    /// Takes a synchronous exception raised by the instruction at <see cref="HartState.Pc"/>: delegates it to S-mode
    /// when medeleg says so and the hart is below M, records xepc/xcause/xtval, and jumps to xtvec (always direct).
    /// </summary>
    public static void TakeException(HartState hart, ExceptionCause cause, ulong tval)
    {
        if (hart.ExceptionInterceptor is { } interceptor)
        {
            interceptor.OnException(hart, cause, tval);
            return;
        }
        bool toSupervisor = hart.Privilege != PrivilegeLevel.Machine && ((hart.Csrs.Medeleg >> (int)cause) & 1) != 0;
        Enter(hart, (ulong)cause, tval, toSupervisor, vectorOffset: 0);
    }

    /// <summary>The interrupt that would be taken now, if any: pending, enabled, and allowed at the current privilege.</summary>
    public static bool TryGetPendingInterrupt(HartState hart, out InterruptCause cause)
    {
        var c = hart.Csrs;
        ulong pending = c.Mip & c.Mie;
        cause = default;
        if (pending == 0)
            return false;
        ulong status = c.Mstatus;
        // M-level interrupts are taken below M, or in M with MIE; delegated ones below S, or in S with SIE.
        bool machineEnabled = hart.Privilege < PrivilegeLevel.Machine || (status & MstatusBits.Mie) != 0;
        bool supervisorEnabled = hart.Privilege < PrivilegeLevel.Supervisor
            || (hart.Privilege == PrivilegeLevel.Supervisor && (status & MstatusBits.Sie) != 0);
        ulong takeable = (machineEnabled ? pending & ~c.Mideleg : 0) | (supervisorEnabled ? pending & c.Mideleg : 0);
        if (takeable == 0)
            return false;
        foreach (var candidate in Priority)
        {
            if (((takeable >> (int)candidate) & 1) != 0)
            {
                cause = candidate;
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Takes the highest-priority takeable interrupt, if any, with xepc = <see cref="HartState.Pc"/> (the next
    /// instruction to run). Returns whether one was taken.
    /// </summary>
    public static bool TryTakeInterrupt(HartState hart)
    {
        if (!TryGetPendingInterrupt(hart, out var cause))
            return false;
        bool toSupervisor = ((hart.Csrs.Mideleg >> (int)cause) & 1) != 0;
        Enter(hart, InterruptFlag | (ulong)cause, 0, toSupervisor, vectorOffset: 4UL * (ulong)cause);
        return true;
    }

    /// <summary>Whether any interrupt is pending and enabled in mie, regardless of privilege and global enables (wakes wfi).</summary>
    public static bool AnyInterruptPending(HartState hart) => (hart.Csrs.Mip & hart.Csrs.Mie) != 0;

    /// <summary>
    /// Performs <c>mret</c> (the caller has checked the privilege): privilege = MPP, MIE = MPIE, MPIE = 1,
    /// MPP = U, MPRV cleared when leaving M, pc = mepc.
    /// </summary>
    public static void ReturnFromMachine(HartState hart)
    {
        var c = hart.Csrs;
        ulong status = c.Mstatus;
        var target = (PrivilegeLevel)((status & MstatusBits.Mpp) >> MstatusBits.MppShift);
        status = (status & MstatusBits.Mpie) != 0 ? status | MstatusBits.Mie : status & ~MstatusBits.Mie;
        status |= MstatusBits.Mpie;
        status &= ~MstatusBits.Mpp; // U, the lowest supported privilege
        if (target != PrivilegeLevel.Machine)
            status &= ~MstatusBits.Mprv;
        c.Mstatus = status;
        hart.Privilege = target;
        hart.Pc = c.Mepc;
        hart.ReservationValid = false;
    }

    /// <summary>
    /// Performs <c>sret</c> (the caller has checked privilege and TSR): privilege = SPP, SIE = SPIE, SPIE = 1,
    /// SPP = U, MPRV cleared, pc = sepc.
    /// </summary>
    public static void ReturnFromSupervisor(HartState hart)
    {
        var c = hart.Csrs;
        ulong status = c.Mstatus;
        var target = (status & MstatusBits.Spp) != 0 ? PrivilegeLevel.Supervisor : PrivilegeLevel.User;
        status = (status & MstatusBits.Spie) != 0 ? status | MstatusBits.Sie : status & ~MstatusBits.Sie;
        status |= MstatusBits.Spie;
        status &= ~(MstatusBits.Spp | MstatusBits.Mprv);
        c.Mstatus = status;
        hart.Privilege = target;
        hart.Pc = c.Sepc;
        hart.ReservationValid = false;
    }

    private static void Enter(HartState hart, ulong cause, ulong tval, bool toSupervisor, ulong vectorOffset)
    {
        var c = hart.Csrs;
        ulong status = c.Mstatus;
        bool isInterrupt = (cause & InterruptFlag) != 0;
        ulong tvec;
        if (toSupervisor)
        {
            c.Sepc = hart.Pc;
            c.Scause = cause;
            c.Stval = tval;
            status = (status & MstatusBits.Sie) != 0 ? status | MstatusBits.Spie : status & ~MstatusBits.Spie;
            status = hart.Privilege == PrivilegeLevel.Supervisor ? status | MstatusBits.Spp : status & ~MstatusBits.Spp;
            status &= ~MstatusBits.Sie;
            hart.Privilege = PrivilegeLevel.Supervisor;
            tvec = c.Stvec;
        }
        else
        {
            c.Mepc = hart.Pc;
            c.Mcause = cause;
            c.Mtval = tval;
            status = (status & MstatusBits.Mie) != 0 ? status | MstatusBits.Mpie : status & ~MstatusBits.Mpie;
            status = (status & ~MstatusBits.Mpp) | ((ulong)hart.Privilege << MstatusBits.MppShift);
            status &= ~MstatusBits.Mie;
            hart.Privilege = PrivilegeLevel.Machine;
            tvec = c.Mtvec;
        }
        c.Mstatus = status;
        ulong target = tvec & ~TvecModeMask;
        if (isInterrupt && (tvec & TvecModeMask) == TvecModeVectored)
            target += vectorOffset;
        hart.Pc = target;
        hart.ReservationValid = false;
    }
}
