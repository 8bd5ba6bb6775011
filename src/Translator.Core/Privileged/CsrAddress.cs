namespace Translator.Privileged;

/// <summary>CSR numbers from the RISC-V specifications, named once.</summary>
public static class CsrAddress
{
#pragma warning disable CS1591 // The names are the specification's register names.
    public const ushort Fflags = 0x001, Frm = 0x002, Fcsr = 0x003;
    public const ushort Sstatus = 0x100, Sie = 0x104, Stvec = 0x105, Scounteren = 0x106, Senvcfg = 0x10A;
    public const ushort Sscratch = 0x140, Sepc = 0x141, Scause = 0x142, Stval = 0x143, Sip = 0x144, Stimecmp = 0x14D;
    public const ushort Satp = 0x180;
    public const ushort Mstatus = 0x300, Misa = 0x301, Medeleg = 0x302, Mideleg = 0x303, Mie = 0x304, Mtvec = 0x305;
    public const ushort Mcounteren = 0x306, Menvcfg = 0x30A, Mcountinhibit = 0x320;
    public const ushort Mhpmevent3 = 0x323, Mhpmevent31 = 0x33F;
    public const ushort Mscratch = 0x340, Mepc = 0x341, Mcause = 0x342, Mtval = 0x343, Mip = 0x344;
    public const ushort Pmpcfg0 = 0x3A0, Pmpcfg15 = 0x3AF, Pmpaddr0 = 0x3B0, Pmpaddr63 = 0x3EF;
    public const ushort Mcycle = 0xB00, Minstret = 0xB02, Mhpmcounter3 = 0xB03, Mhpmcounter31 = 0xB1F;
    public const ushort Cycle = 0xC00, Time = 0xC01, Instret = 0xC02, Hpmcounter3 = 0xC03, Hpmcounter31 = 0xC1F;
    public const ushort Mvendorid = 0xF11, Marchid = 0xF12, Mimpid = 0xF13, Mhartid = 0xF14, Mconfigptr = 0xF15;
#pragma warning restore CS1591
}
