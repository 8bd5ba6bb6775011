namespace Translator.Isa;

/// <summary>What later stages need to know about an instruction without executing it.</summary>
[Flags]
public enum InstructionFlags : uint
{
    /// <summary>Nothing special.</summary>
    None = 0,
    /// <summary>A translated block must end after this instruction (control flow, traps, CSR and privilege changes, fence.i).</summary>
    EndsBlock = 1,
    /// <summary>Conditional branch.</summary>
    Branch = 2,
    /// <summary>Unconditional jump (jal, jalr).</summary>
    Jump = 4,
    /// <summary>Reads memory.</summary>
    Load = 8,
    /// <summary>Writes memory.</summary>
    Store = 16,
    /// <summary>A-extension instruction (lr, sc, amo*).</summary>
    Amo = 32,
    /// <summary>F or D instruction.</summary>
    FloatingPoint = 64,
    /// <summary>Has a rounding-mode field (<see cref="DecodedInstruction.Rm"/>).</summary>
    HasRoundingMode = 128,
    /// <summary>Needs a privilege level above U (see <see cref="InstructionInfo.Privilege"/>).</summary>
    Privileged = 256,
    /// <summary>A 16-bit form.</summary>
    Compressed = 512,
    /// <summary>Zicsr instruction.</summary>
    Csr = 1024,
    /// <summary>fence, fence.tso or fence.i.</summary>
    Fence = 2048,
}
