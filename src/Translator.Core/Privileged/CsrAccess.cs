using Translator.Hart;

namespace Translator.Privileged;

/// <summary>
/// Reads and writes CSRs with the specification's access rules: the privilege and read-only bits
/// encoded in the CSR number, counter enables, FS gating, and WARL legalisation.
/// A false return means the access raises illegal-instruction.
/// </summary>
public static class CsrAccess
{
    private const ulong SupervisorInterrupts = (1UL << (int)InterruptCause.SupervisorSoftware)
        | (1UL << (int)InterruptCause.SupervisorTimer) | (1UL << (int)InterruptCause.SupervisorExternal);
    private const ulong MachineInterrupts = (1UL << (int)InterruptCause.MachineSoftware)
        | (1UL << (int)InterruptCause.MachineTimer) | (1UL << (int)InterruptCause.MachineExternal);
    // Environment calls from M-mode cannot be delegated; bits above 15 are reserved.
    private const ulong DelegableExceptions = 0xFFFFUL & ~(1UL << (int)ExceptionCause.EnvironmentCallFromMachine);
    private const ulong SatpModeBare = 0, SatpModeSv39 = 8;
    private const ulong MenvcfgWritable = 1UL | (1UL << 63); // FIOM, STCE
    private const ulong SenvcfgWritable = 1UL; // FIOM

    /// <summary>Source of the <c>time</c> CSR (mtime); set by the platform.</summary>
    public delegate ulong TimeSource();

    /// <summary>Checks the access rules shared by every CSR: privilege in bits 9:8, read-only in bits 11:10.</summary>
    public static bool IsAccessible(HartState hart, ushort csr, bool write)
    {
        if (write && (csr >> 10) == 3)
            return false;
        return (int)hart.Privilege >= ((csr >> 8) & 3);
    }

    /// <summary>Reads a CSR; false if the CSR does not exist or is not accessible.</summary>
    public static bool TryRead(HartState hart, ushort csr, TimeSource time, out ulong value)
    {
        value = 0;
        if (!IsAccessible(hart, csr, write: false))
            return false;
        var c = hart.Csrs;
        switch (csr)
        {
            case CsrAddress.Fflags: if (!FpEnabled(hart)) return false; value = c.Fflags; return true;
            case CsrAddress.Frm: if (!FpEnabled(hart)) return false; value = c.Frm; return true;
            case CsrAddress.Fcsr: if (!FpEnabled(hart)) return false; value = (c.Frm << 5) | c.Fflags; return true;
            case CsrAddress.Sstatus: value = StatusWithSummary(c.Mstatus) & MstatusBits.SupervisorVisible; return true;
            case CsrAddress.Sie: value = c.Mie & c.Mideleg; return true;
            case CsrAddress.Sip: value = c.Mip & c.Mideleg; return true;
            case CsrAddress.Stvec: value = c.Stvec; return true;
            case CsrAddress.Scounteren: value = c.Scounteren; return true;
            case CsrAddress.Senvcfg: value = c.Senvcfg; return true;
            case CsrAddress.Sscratch: value = c.Sscratch; return true;
            case CsrAddress.Sepc: value = c.Sepc; return true;
            case CsrAddress.Scause: value = c.Scause; return true;
            case CsrAddress.Stval: value = c.Stval; return true;
            case CsrAddress.Stimecmp:
                if (!StimecmpAccessible(hart)) return false;
                value = c.Stimecmp; return true;
            case CsrAddress.Satp:
                if (SatpTrapped(hart)) return false;
                value = c.Satp; return true;
            case CsrAddress.Mstatus: value = StatusWithSummary(c.Mstatus); return true;
            case CsrAddress.Misa: value = c.Misa; return true;
            case CsrAddress.Medeleg: value = c.Medeleg; return true;
            case CsrAddress.Mideleg: value = c.Mideleg; return true;
            case CsrAddress.Mie: value = c.Mie; return true;
            case CsrAddress.Mip: value = c.Mip; return true;
            case CsrAddress.Mtvec: value = c.Mtvec; return true;
            case CsrAddress.Mcounteren: value = c.Mcounteren; return true;
            case CsrAddress.Menvcfg: value = c.Menvcfg; return true;
            case CsrAddress.Mcountinhibit: value = c.Mcountinhibit; return true;
            case CsrAddress.Mscratch: value = c.Mscratch; return true;
            case CsrAddress.Mepc: value = c.Mepc; return true;
            case CsrAddress.Mcause: value = c.Mcause; return true;
            case CsrAddress.Mtval: value = c.Mtval; return true;
            case CsrAddress.Mcycle: value = hart.Cycles; return true;
            case CsrAddress.Minstret: value = hart.InstructionsRetired; return true;
            case CsrAddress.Mvendorid or CsrAddress.Marchid or CsrAddress.Mimpid or CsrAddress.Mconfigptr: value = 0; return true;
            case CsrAddress.Mhartid: value = hart.HartId; return true;
            case CsrAddress.Cycle or CsrAddress.Time or CsrAddress.Instret or (>= CsrAddress.Hpmcounter3 and <= CsrAddress.Hpmcounter31):
                if (!CounterEnabled(hart, csr - CsrAddress.Cycle)) return false;
                value = csr switch
                {
                    CsrAddress.Cycle => hart.Cycles,
                    CsrAddress.Time => time(),
                    CsrAddress.Instret => hart.InstructionsRetired,
                    _ => 0,
                };
                return true;
            case >= CsrAddress.Mhpmcounter3 and <= CsrAddress.Mhpmcounter31:
            case >= CsrAddress.Mhpmevent3 and <= CsrAddress.Mhpmevent31:
                value = 0; return true;
            case >= CsrAddress.Pmpcfg0 and <= CsrAddress.Pmpcfg15:
                if ((csr & 1) != 0) return false; // odd pmpcfg registers do not exist on RV64
                value = ReadPmpConfig(c, (csr - CsrAddress.Pmpcfg0) * 4); return true;
            case >= CsrAddress.Pmpaddr0 and <= CsrAddress.Pmpaddr63:
                int entry = csr - CsrAddress.Pmpaddr0;
                value = entry < CsrFile.Isa.PmpEntries ? c.PmpAddress[entry] : 0; return true;
            default:
                return false;
        }
    }

    /// <summary>Writes a CSR; false if the CSR does not exist, is read-only, or is not accessible.</summary>
    public static bool TryWrite(HartState hart, ushort csr, ulong value)
    {
        if (!IsAccessible(hart, csr, write: true))
            return false;
        var c = hart.Csrs;
        switch (csr)
        {
            case CsrAddress.Fflags: if (!FpEnabled(hart)) return false; c.Fflags = (uint)value & 0x1F; MarkFpDirty(hart); return true;
            case CsrAddress.Frm: if (!FpEnabled(hart)) return false; c.Frm = (uint)value & 7; MarkFpDirty(hart); return true;
            case CsrAddress.Fcsr:
                if (!FpEnabled(hart)) return false;
                c.Fflags = (uint)value & 0x1F; c.Frm = (uint)(value >> 5) & 7; MarkFpDirty(hart); return true;
            case CsrAddress.Sstatus:
                c.Mstatus = (c.Mstatus & ~MstatusBits.SupervisorWritable) | (value & MstatusBits.SupervisorWritable); return true;
            case CsrAddress.Sie: c.Mie = (c.Mie & ~c.Mideleg) | (value & c.Mideleg & SupervisorInterrupts); return true;
            case CsrAddress.Sip:
                // Only SSIP is writable from S-mode.
                ulong sipWritable = c.Mideleg & (1UL << (int)InterruptCause.SupervisorSoftware);
                c.Mip = (c.Mip & ~sipWritable) | (value & sipWritable); return true;
            case CsrAddress.Stvec: c.Stvec = LegalizeTvec(c.Stvec, value); return true;
            case CsrAddress.Scounteren: c.Scounteren = value & 0xFFFF_FFFF; return true;
            case CsrAddress.Senvcfg: c.Senvcfg = value & SenvcfgWritable; return true;
            case CsrAddress.Sscratch: c.Sscratch = value; return true;
            case CsrAddress.Sepc: c.Sepc = value & ~1UL; return true;
            case CsrAddress.Scause: c.Scause = value; return true;
            case CsrAddress.Stval: c.Stval = value; return true;
            case CsrAddress.Stimecmp:
                if (!StimecmpAccessible(hart)) return false;
                c.Stimecmp = value;
                UpdateSupervisorTimer(c);
                return true;
            case CsrAddress.Satp:
                if (SatpTrapped(hart)) return false;
                ulong mode = value >> 60;
                if (mode == SatpModeBare || mode == SatpModeSv39)
                {
                    c.Satp = mode == SatpModeBare ? 0 : value;
                    c.TranslationGeneration++;
                }
                return true;
            case CsrAddress.Mstatus: c.Mstatus = LegalizeMstatus(c.Mstatus, value); return true;
            case CsrAddress.Misa: return true; // WARL: the extensions cannot be switched off
            case CsrAddress.Medeleg: c.Medeleg = value & DelegableExceptions; return true;
            case CsrAddress.Mideleg: c.Mideleg = value & SupervisorInterrupts; return true;
            case CsrAddress.Mie: c.Mie = value & (SupervisorInterrupts | MachineInterrupts); return true;
            case CsrAddress.Mip:
                // MSIP, MTIP and MEIP come from devices; STIP is device-driven too when Sstc is on.
                ulong mipWritable = SupervisorInterrupts;
                if ((c.Menvcfg >> 63) != 0) mipWritable &= ~(1UL << (int)InterruptCause.SupervisorTimer);
                c.Mip = (c.Mip & ~mipWritable) | (value & mipWritable); return true;
            case CsrAddress.Mtvec: c.Mtvec = LegalizeTvec(c.Mtvec, value); return true;
            case CsrAddress.Mcounteren: c.Mcounteren = value & 0xFFFF_FFFF; return true;
            case CsrAddress.Menvcfg:
                c.Menvcfg = value & MenvcfgWritable;
                UpdateSupervisorTimer(c);
                return true;
            case CsrAddress.Mcountinhibit: c.Mcountinhibit = value & 0b101; return true; // CY and IR; no other counters run
            case CsrAddress.Mscratch: c.Mscratch = value; return true;
            case CsrAddress.Mepc: c.Mepc = value & ~1UL; return true;
            case CsrAddress.Mcause: c.Mcause = value; return true;
            case CsrAddress.Mtval: c.Mtval = value; return true;
            // The writing instruction still retires afterwards, so store one less to make the next read see the value written.
            case CsrAddress.Mcycle: hart.Cycles = value - 1; return true;
            case CsrAddress.Minstret: hart.InstructionsRetired = value - 1; return true;
            case >= CsrAddress.Mhpmcounter3 and <= CsrAddress.Mhpmcounter31:
            case >= CsrAddress.Mhpmevent3 and <= CsrAddress.Mhpmevent31:
                return true;
            case >= CsrAddress.Pmpcfg0 and <= CsrAddress.Pmpcfg15:
                if ((csr & 1) != 0) return false;
                WritePmpConfig(c, (csr - CsrAddress.Pmpcfg0) * 4, value);
                c.TranslationGeneration++;
                return true;
            case >= CsrAddress.Pmpaddr0 and <= CsrAddress.Pmpaddr63:
                WritePmpAddress(c, csr - CsrAddress.Pmpaddr0, value);
                c.TranslationGeneration++;
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Sstc: with menvcfg.STCE set, mip.STIP is (mtime &gt;= stimecmp), so a write to either register takes
    /// effect at once rather than at the platform's next timer check, and a later deadline is planned for anew.
    /// </summary>
    public static void UpdateSupervisorTimer(CsrFile c)
    {
        const ulong stip = 1UL << (int)InterruptCause.SupervisorTimer;
        c.TimerCompareWritten?.Invoke();
        if ((c.Menvcfg >> 63) == 0 || c.PlatformTime is not { } now) return;
        c.Mip = now() >= c.Stimecmp ? c.Mip | stip : c.Mip & ~stip;
    }

    /// <summary>Whether floating-point state is accessible (mstatus.FS is not Off).</summary>
    public static bool FpEnabled(HartState hart) => (hart.Csrs.Mstatus & MstatusBits.Fs) != 0;

    /// <summary>Marks the floating-point state dirty after an instruction changes it.</summary>
    public static void MarkFpDirty(HartState hart) => hart.Csrs.Mstatus |= MstatusBits.FsDirty;

    private static ulong StatusWithSummary(ulong mstatus) =>
        (mstatus & MstatusBits.Fs) == MstatusBits.FsDirty ? mstatus | MstatusBits.Sd : mstatus & ~MstatusBits.Sd;

    private static ulong LegalizeMstatus(ulong old, ulong value)
    {
        ulong next = (old & ~MstatusBits.MachineWritable) | (value & MstatusBits.MachineWritable);
        // MPP is WARL: the reserved encoding 2 keeps the previous value.
        if (((next & MstatusBits.Mpp) >> MstatusBits.MppShift) == 2)
            next = (next & ~MstatusBits.Mpp) | (old & MstatusBits.Mpp);
        return next;
    }

    // Modes 2 and 3 are reserved; a write asking for them keeps the old mode.
    private static ulong LegalizeTvec(ulong old, ulong value) =>
        (value & 3) >= 2 ? (value & ~3UL) | (old & 3) : value;

    private static bool CounterEnabled(HartState hart, int counter)
    {
        ulong bit = 1UL << counter;
        if (hart.Privilege < PrivilegeLevel.Machine && (hart.Csrs.Mcounteren & bit) == 0)
            return false;
        if (hart.Privilege == PrivilegeLevel.User && (hart.Csrs.Scounteren & bit) == 0)
            return false;
        return true;
    }

    private static bool SatpTrapped(HartState hart) =>
        hart.Privilege == PrivilegeLevel.Supervisor && (hart.Csrs.Mstatus & MstatusBits.Tvm) != 0;

    // Sstc: stimecmp needs menvcfg.STCE, and below M also mcounteren.TM.
    private static bool StimecmpAccessible(HartState hart)
    {
        if (hart.Privilege == PrivilegeLevel.Machine) return true;
        return (hart.Csrs.Menvcfg >> 63) != 0 && (hart.Csrs.Mcounteren & 2) != 0;
    }

    private static ulong ReadPmpConfig(CsrFile c, int firstEntry)
    {
        ulong value = 0;
        for (int i = 0; i < 8 && firstEntry + i < CsrFile.Isa.PmpEntries; i++)
            value |= (ulong)c.PmpConfig[firstEntry + i] << (8 * i);
        return value;
    }

    private const byte PmpLock = 0x80, PmpModeMask = 0x18, PmpWrite = 0x2, PmpRead = 0x1, PmpModeTor = 0x08;

    private static void WritePmpConfig(CsrFile c, int firstEntry, ulong value)
    {
        for (int i = 0; i < 8 && firstEntry + i < CsrFile.Isa.PmpEntries; i++)
        {
            int entry = firstEntry + i;
            if ((c.PmpConfig[entry] & PmpLock) != 0) continue;
            byte cfg = (byte)(value >> (8 * i));
            cfg &= 0x9F; // bits 6:5 are reserved
            if ((cfg & (PmpWrite | PmpRead)) == PmpWrite) cfg &= unchecked((byte)~PmpWrite); // R=0,W=1 is reserved
            c.PmpConfig[entry] = cfg;
        }
    }

    private static void WritePmpAddress(CsrFile c, int entry, ulong value)
    {
        if (entry >= CsrFile.Isa.PmpEntries || (c.PmpConfig[entry] & PmpLock) != 0) return;
        // A locked TOR entry also locks the address register below it.
        if (entry + 1 < CsrFile.Isa.PmpEntries && (c.PmpConfig[entry + 1] & (PmpLock | PmpModeMask)) == (PmpLock | PmpModeTor)) return;
        c.PmpAddress[entry] = value & ((1UL << 54) - 1);
    }
}
