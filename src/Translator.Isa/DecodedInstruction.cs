namespace Translator.Isa;

/// <summary>
/// One decoded instruction. Compressed instructions are already expanded: <see cref="Opcode"/> is the
/// 32-bit operation to execute and the operands are full register numbers, while <see cref="Form"/>
/// and <see cref="Length"/> keep what was actually fetched.
/// </summary>
public readonly struct DecodedInstruction
{
    internal DecodedInstruction(Opcode opcode, Opcode form, uint raw, byte length, byte rd, byte rs1, byte rs2, byte rs3, byte rm, long imm, ushort csr, bool aq, bool rl)
    {
        Opcode = opcode;
        Form = form;
        Raw = raw;
        Length = length;
        Rd = rd;
        Rs1 = rs1;
        Rs2 = rs2;
        Rs3 = rs3;
        Rm = rm;
        Imm = imm;
        Csr = csr;
        Aq = aq;
        Rl = rl;
    }

    /// <summary>The operation to execute; for a compressed instruction, its 32-bit expansion. Invalid when illegal or reserved.</summary>
    public readonly Opcode Opcode;

    /// <summary>The spec entry that matched (CAddi for c.addi); equals <see cref="Opcode"/> for 32-bit instructions; Invalid when none did.</summary>
    public readonly Opcode Form;

    /// <summary>The raw bits; a 16-bit instruction is zero-extended.</summary>
    public readonly uint Raw;

    /// <summary>2 for a compressed instruction, otherwise 4.</summary>
    public readonly byte Length;

    /// <summary>Destination register number (integer or floating point, by opcode).</summary>
    public readonly byte Rd;

    /// <summary>First source register number; the 5-bit zimm for csrrwi, csrrsi and csrrci.</summary>
    public readonly byte Rs1;

    /// <summary>Second source register number.</summary>
    public readonly byte Rs2;

    /// <summary>Third source register number (fused multiply-add).</summary>
    public readonly byte Rs3;

    /// <summary>The raw 3-bit rounding-mode field (7 = dynamic) for instructions that have one, else 0.</summary>
    public readonly byte Rm;

    /// <summary>
    /// Sign-extended immediate: a byte offset for branches, jumps, loads and stores; lui/auipc already
    /// shifted left by 12; the shift amount for shifts; the raw 12-bit fm|pred|succ for fence and fence.tso; else 0.
    /// </summary>
    public readonly long Imm;

    /// <summary>CSR number for Zicsr instructions.</summary>
    public readonly ushort Csr;

    /// <summary>Acquire ordering bit of an A-extension instruction.</summary>
    public readonly bool Aq;

    /// <summary>Release ordering bit of an A-extension instruction.</summary>
    public readonly bool Rl;

    /// <summary>True when the word decoded to something executable.</summary>
    public bool IsValid => Opcode != Opcode.Invalid;

    /// <summary>Metadata of <see cref="Opcode"/>.</summary>
    public ref readonly InstructionInfo Info => ref InstructionTable.Get(Opcode);

    internal static DecodedInstruction Illegal(uint raw, byte length)
        => new(Opcode.Invalid, Opcode.Invalid, raw, length, 0, 0, 0, 0, 0, 0, 0, false, false);

    /// <inheritdoc/>
    public override string ToString() => Disassembler.Format(this, 0);
}
