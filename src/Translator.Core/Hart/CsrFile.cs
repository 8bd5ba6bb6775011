namespace Translator.Hart;

/// <summary>
/// Storage for the control and status registers that hold state. Access rules (privilege, read-only,
/// WARL legalisation, side effects) live in <see cref="Translator.Privileged.CsrAccess"/>.
/// Counters live in <see cref="HartState"/>; <c>sstatus</c>, <c>sie</c> and <c>sip</c> are views of the M registers.
/// </summary>
public sealed class CsrFile
{
    /// <summary>mstatus, the full 64-bit machine status (sstatus is a view of it).</summary>
    public ulong Mstatus = MstatusBits.Uxl64 | MstatusBits.Sxl64;
    /// <summary>misa; fixed for this model.</summary>
    public ulong Misa = Isa.MisaValue;
    /// <summary>medeleg.</summary>
    public ulong Medeleg;
    /// <summary>mideleg.</summary>
    public ulong Mideleg;
    /// <summary>mie (sie is a view of it).</summary>
    public ulong Mie;
    /// <summary>mip (sip is a view of it); device-driven bits are set by the platform.</summary>
    public ulong Mip;
    /// <summary>mtvec.</summary>
    public ulong Mtvec;
    /// <summary>mcounteren.</summary>
    public ulong Mcounteren;
    /// <summary>mcountinhibit.</summary>
    public ulong Mcountinhibit;
    /// <summary>menvcfg.</summary>
    public ulong Menvcfg;
    /// <summary>mscratch.</summary>
    public ulong Mscratch;
    /// <summary>mepc.</summary>
    public ulong Mepc;
    /// <summary>mcause.</summary>
    public ulong Mcause;
    /// <summary>mtval.</summary>
    public ulong Mtval;
    /// <summary>stvec.</summary>
    public ulong Stvec;
    /// <summary>scounteren.</summary>
    public ulong Scounteren;
    /// <summary>senvcfg.</summary>
    public ulong Senvcfg;
    /// <summary>sscratch.</summary>
    public ulong Sscratch;
    /// <summary>sepc.</summary>
    public ulong Sepc;
    /// <summary>scause.</summary>
    public ulong Scause;
    /// <summary>stval.</summary>
    public ulong Stval;
    /// <summary>satp.</summary>
    public ulong Satp;
    /// <summary>stimecmp (Sstc).</summary>
    public ulong Stimecmp = ulong.MaxValue;
    /// <summary>
    /// The platform's mtime, so that a write to stimecmp or menvcfg updates mip.STIP at once (Sstc); null
    /// when no platform timer is attached.
    /// </summary>
    public Func<ulong>? PlatformTime;
    /// <summary>
    /// Called after a write to stimecmp or menvcfg may have moved the supervisor timer's deadline, so that the
    /// platform, which plans its runs by deadlines, can plan again; null when no platform timer is attached.
    /// </summary>
    public Action? TimerCompareWritten;
    /// <summary>The accrued floating-point exception flags (fflags, 5 bits).</summary>
    public uint Fflags;
    /// <summary>The dynamic rounding mode (frm, 3 bits).</summary>
    public uint Frm;
    /// <summary>
    /// Bumped whenever satp or a PMP register is written: cached translations depend on them.
    /// </summary>
    public ulong TranslationGeneration;
    /// <summary>pmpcfg registers as bytes, one per PMP entry.</summary>
    public readonly byte[] PmpConfig = new byte[Isa.PmpEntries];
    /// <summary>pmpaddr registers.</summary>
    public readonly ulong[] PmpAddress = new ulong[Isa.PmpEntries];

    /// <summary>Values this model reports for the identity and ISA registers.</summary>
    public static class Isa
    {
        /// <summary>misa: MXL=2 (64-bit) with A, C, D, F, I, M, S and U.</summary>
        public const ulong MisaValue = (2UL << 62) | (1UL << ('A' - 'A')) | (1UL << ('C' - 'A')) | (1UL << ('D' - 'A'))
            | (1UL << ('F' - 'A')) | (1UL << ('I' - 'A')) | (1UL << ('M' - 'A')) | (1UL << ('S' - 'A')) | (1UL << ('U' - 'A'));
        /// <summary>Number of PMP entries implemented; the rest read as zero.</summary>
        public const int PmpEntries = 16;
    }
}

/// <summary>Bit positions and masks of mstatus/sstatus.</summary>
public static class MstatusBits
{
    /// <summary>Supervisor interrupt enable.</summary>
    public const ulong Sie = 1UL << 1;
    /// <summary>Machine interrupt enable.</summary>
    public const ulong Mie = 1UL << 3;
    /// <summary>Supervisor previous interrupt enable.</summary>
    public const ulong Spie = 1UL << 5;
    /// <summary>Machine previous interrupt enable.</summary>
    public const ulong Mpie = 1UL << 7;
    /// <summary>Supervisor previous privilege (one bit).</summary>
    public const ulong Spp = 1UL << 8;
    /// <summary>Shift of the two-bit machine previous privilege field.</summary>
    public const int MppShift = 11;
    /// <summary>Machine previous privilege field.</summary>
    public const ulong Mpp = 3UL << MppShift;
    /// <summary>Shift of the two-bit floating-point state field.</summary>
    public const int FsShift = 13;
    /// <summary>Floating-point state field (Off, Initial, Clean, Dirty).</summary>
    public const ulong Fs = 3UL << FsShift;
    /// <summary>FS = Dirty.</summary>
    public const ulong FsDirty = 3UL << FsShift;
    /// <summary>Modify privilege.</summary>
    public const ulong Mprv = 1UL << 17;
    /// <summary>Permit supervisor user memory access.</summary>
    public const ulong Sum = 1UL << 18;
    /// <summary>Make executable readable.</summary>
    public const ulong Mxr = 1UL << 19;
    /// <summary>Trap virtual memory.</summary>
    public const ulong Tvm = 1UL << 20;
    /// <summary>Timeout wait.</summary>
    public const ulong Tw = 1UL << 21;
    /// <summary>Trap sret.</summary>
    public const ulong Tsr = 1UL << 22;
    /// <summary>UXL = 64-bit (read-only).</summary>
    public const ulong Uxl64 = 2UL << 32;
    /// <summary>SXL = 64-bit (read-only).</summary>
    public const ulong Sxl64 = 2UL << 34;
    /// <summary>State dirty summary.</summary>
    public const ulong Sd = 1UL << 63;

    /// <summary>Bits software can write through mstatus.</summary>
    public const ulong MachineWritable = Sie | Mie | Spie | Mpie | Spp | Mpp | Fs | Mprv | Sum | Mxr | Tvm | Tw | Tsr;
    /// <summary>Bits visible through sstatus.</summary>
    public const ulong SupervisorVisible = Sie | Spie | Spp | Fs | Sum | Mxr | Uxl64 | Sd;
    /// <summary>Bits software can write through sstatus.</summary>
    public const ulong SupervisorWritable = Sie | Spie | Spp | Fs | Sum | Mxr;
}
