namespace Translator.Isa;

/// <summary>The ISA extension an instruction belongs to.</summary>
public enum Extension : byte
{
    /// <summary>RV64I base integer set.</summary>
    I,
    /// <summary>Integer multiply and divide.</summary>
    M,
    /// <summary>Atomics.</summary>
    A,
    /// <summary>Single-precision floating point.</summary>
    F,
    /// <summary>Double-precision floating point.</summary>
    D,
    /// <summary>CSR instructions.</summary>
    Zicsr,
    /// <summary>fence.i.</summary>
    Zifencei,
    /// <summary>Privileged architecture instructions (sret, mret, wfi, sfence.vma).</summary>
    Privileged,
    /// <summary>Address generation bit manipulation.</summary>
    Zba,
    /// <summary>Basic bit manipulation.</summary>
    Zbb,
    /// <summary>Single-bit instructions.</summary>
    Zbs,
    /// <summary>Carry-less multiplication.</summary>
    Zbc,
    /// <summary>The pause hint.</summary>
    Zihintpause,
    /// <summary>Compressed (16-bit) instructions.</summary>
    C,
}
