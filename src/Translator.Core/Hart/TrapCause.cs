namespace Translator.Hart;

/// <summary>Synchronous exception codes (xcause with the interrupt bit clear), from the privileged specification.</summary>
public enum ExceptionCause : byte
{
    /// <summary>Instruction address misaligned.</summary>
    InstructionAddressMisaligned = 0,
    /// <summary>Instruction access fault.</summary>
    InstructionAccessFault = 1,
    /// <summary>Illegal instruction.</summary>
    IllegalInstruction = 2,
    /// <summary>Breakpoint (ebreak).</summary>
    Breakpoint = 3,
    /// <summary>Load address misaligned.</summary>
    LoadAddressMisaligned = 4,
    /// <summary>Load access fault.</summary>
    LoadAccessFault = 5,
    /// <summary>Store/AMO address misaligned.</summary>
    StoreAddressMisaligned = 6,
    /// <summary>Store/AMO access fault.</summary>
    StoreAccessFault = 7,
    /// <summary>Environment call from U-mode.</summary>
    EnvironmentCallFromUser = 8,
    /// <summary>Environment call from S-mode.</summary>
    EnvironmentCallFromSupervisor = 9,
    /// <summary>Environment call from M-mode.</summary>
    EnvironmentCallFromMachine = 11,
    /// <summary>Instruction page fault.</summary>
    InstructionPageFault = 12,
    /// <summary>Load page fault.</summary>
    LoadPageFault = 13,
    /// <summary>Store/AMO page fault.</summary>
    StorePageFault = 15,
}

/// <summary>Interrupt codes (xcause with the interrupt bit set); also the bit positions in mip/mie.</summary>
public enum InterruptCause : byte
{
    /// <summary>Supervisor software interrupt.</summary>
    SupervisorSoftware = 1,
    /// <summary>Machine software interrupt.</summary>
    MachineSoftware = 3,
    /// <summary>Supervisor timer interrupt.</summary>
    SupervisorTimer = 5,
    /// <summary>Machine timer interrupt.</summary>
    MachineTimer = 7,
    /// <summary>Supervisor external interrupt.</summary>
    SupervisorExternal = 9,
    /// <summary>Machine external interrupt.</summary>
    MachineExternal = 11,
}
