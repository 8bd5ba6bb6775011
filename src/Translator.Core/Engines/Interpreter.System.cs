using Translator.Hart;
using Translator.Isa;
using Translator.Privileged;
using PrivilegeLevel = Translator.Hart.PrivilegeLevel;

namespace Translator.Engines;

// Zicsr, Zifencei and the privileged instructions.
public sealed partial class Interpreter
{
    /// <summary>
    /// csrrw/csrrs/csrrc and their immediate forms, with the Zicsr rules: csrrw[i] with rd = x0 does not read,
    /// and csrrs/csrrc with rs1 = x0 (or a zero immediate) do not write, so read-only CSRs work with them.
    /// </summary>
    private Completion ExecuteCsr(in DecodedInstruction d)
    {
        var hart = Hart;
        Opcode op = d.Opcode;
        bool immediate = op is Opcode.Csrrwi or Opcode.Csrrsi or Opcode.Csrrci;
        bool swap = op is Opcode.Csrrw or Opcode.Csrrwi;
        // For the immediate forms the decoder puts zimm in Rs1, so "rs1 = 0" covers both.
        ulong operand = immediate ? d.Rs1 : hart.X[d.Rs1];
        bool read = !swap || d.Rd != 0;
        bool write = swap || d.Rs1 != 0;

        ulong old = 0;
        if (read && !CsrAccess.TryRead(hart, d.Csr, Time, out old))
            return Illegal(in d);
        if (write)
        {
            ulong value = op switch
            {
                Opcode.Csrrw or Opcode.Csrrwi => operand,
                Opcode.Csrrs or Opcode.Csrrsi => old | operand,
                _ => old & ~operand,
            };
            if (!CsrAccess.TryWrite(hart, d.Csr, value))
                return Illegal(in d);
        }
        WriteX(d.Rd, old);
        // A write may enable an interrupt (mstatus, mie, mip, mideleg...).
        return write ? Completion.RetiredCheckInterrupts : Completion.Retired;
    }

    private Completion ExecuteSystem(in DecodedInstruction d)
    {
        var hart = Hart;
        var privilege = hart.Privilege;
        ulong status = hart.Csrs.Mstatus;
        switch (d.Opcode)
        {
            case Opcode.Ecall:
                _trapCause = privilege switch
                {
                    PrivilegeLevel.User => ExceptionCause.EnvironmentCallFromUser,
                    PrivilegeLevel.Supervisor => ExceptionCause.EnvironmentCallFromSupervisor,
                    _ => ExceptionCause.EnvironmentCallFromMachine,
                };
                _trapValue = 0;
                return Completion.Trap;

            case Opcode.Ebreak:
                // An environment breakpoint is not an address fault; like QEMU, report xtval = 0.
                _trapCause = ExceptionCause.Breakpoint;
                _trapValue = 0;
                return Completion.Trap;

            case Opcode.Mret:
                if (privilege != PrivilegeLevel.Machine)
                    return Illegal(in d);
                TrapUnit.ReturnFromMachine(hart);
                return Completion.RetiredJumped;

            case Opcode.Sret:
                if (privilege < PrivilegeLevel.Supervisor
                    || (privilege == PrivilegeLevel.Supervisor && (status & MstatusBits.Tsr) != 0))
                    return Illegal(in d);
                TrapUnit.ReturnFromSupervisor(hart);
                return Completion.RetiredJumped;

            case Opcode.Wfi:
                // With S-mode implemented, wfi in U traps; TW makes it trap below M (our time limit is zero).
                if (privilege == PrivilegeLevel.User
                    || (privilege < PrivilegeLevel.Machine && (status & MstatusBits.Tw) != 0))
                    return Illegal(in d);
                return TrapUnit.AnyInterruptPending(hart) ? Completion.RetiredCheckInterrupts : Completion.RetiredWaiting;

            case Opcode.SfenceVma:
                if (privilege == PrivilegeLevel.User
                    || (privilege == PrivilegeLevel.Supervisor && (status & MstatusBits.Tvm) != 0))
                    return Illegal(in d);
                // rs1 = x0 means every address, rs2 = x0 every ASID. Our decode cache is validated by raw bits,
                // so it holds nothing a mapping change could make stale.
                Mmu.FenceVma(d.Rs1 != 0 ? hart.X[d.Rs1] : null, d.Rs2 != 0 ? hart.X[d.Rs2] : null);
                _fetchVpn = NoPage;
                return Completion.Retired;

            case Opcode.Fence or Opcode.FenceTso or Opcode.Pause:
                return Completion.Retired; // one hart, accesses already in program order

            case Opcode.FenceI:
                return Completion.Retired; // the decode cache validates raw bits on every fetch

            default:
                return Illegal(in d);
        }
    }
}
