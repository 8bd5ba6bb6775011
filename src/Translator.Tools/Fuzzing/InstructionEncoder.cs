using Translator.Isa;

namespace Translator.Tools.Fuzzing;

/// <summary>
/// Builds the few instruction words the generator writes itself (address set-up, the loop, the exit) and
/// re-targets branches and jumps. Every result is decoded back and checked, so an encoding slip fails loudly.
/// </summary>
public static class InstructionEncoder
{
    private const uint OpImm = 0x13, Auipc = 0x17, Lui = 0x37, Load = 0x03, Store = 0x23, Jal = 0x6F, Branch = 0x63;

    /// <summary>addi rd, rs1, imm (imm in [-2048, 2047]).</summary>
    public static uint Addi(int rd, int rs1, int imm) => Checked(OpImm | (uint)rd << 7 | (uint)rs1 << 15 | ((uint)imm & 0xFFF) << 20, Opcode.Addi, imm);

    /// <summary>auipc rd, upper (upper is the 20-bit immediate).</summary>
    public static uint AuipcWord(int rd, int upper) => Checked(Auipc | (uint)rd << 7 | ((uint)upper & 0xFFFFF) << 12, Opcode.Auipc, (long)upper << 12);

    /// <summary>lui rd, upper.</summary>
    public static uint LuiWord(int rd, int upper) => Checked(Lui | (uint)rd << 7 | ((uint)upper & 0xFFFFF) << 12, Opcode.Lui, (long)(int)((uint)upper << 12));

    /// <summary>ld rd, imm(rs1).</summary>
    public static uint Ld(int rd, int rs1, int imm) => Checked(Load | 3u << 12 | (uint)rd << 7 | (uint)rs1 << 15 | ((uint)imm & 0xFFF) << 20, Opcode.Ld, imm);

    /// <summary>sd rs2, imm(rs1).</summary>
    public static uint Sd(int rs2, int rs1, int imm) => Checked(StoreWord(3, rs2, rs1, imm), Opcode.Sd, imm);

    /// <summary>sw rs2, imm(rs1).</summary>
    public static uint Sw(int rs2, int rs1, int imm) => Checked(StoreWord(2, rs2, rs1, imm), Opcode.Sw, imm);

    /// <summary>sh rs2, imm(rs1).</summary>
    public static uint Sh(int rs2, int rs1, int imm) => Checked(StoreWord(1, rs2, rs1, imm), Opcode.Sh, imm);

    /// <summary>fence.i.</summary>
    public const uint FenceI = 0x0000_100F;

    /// <summary>beq rs1, rs2, offset.</summary>
    public static uint Beq(int rs1, int rs2, long offset) => Retarget(Branch | (uint)rs1 << 15 | (uint)rs2 << 20, offset);

    /// <summary>bne rs1, rs2, offset.</summary>
    public static uint Bne(int rs1, int rs2, long offset) => Retarget(Branch | 1u << 12 | (uint)rs1 << 15 | (uint)rs2 << 20, offset);

    /// <summary>jal rd, offset.</summary>
    public static uint JalWord(int rd, long offset) => Retarget(Jal | (uint)rd << 7, offset);

    /// <summary>A CSR instruction from its spec pattern: <paramref name="source"/> is rs1 or the 5-bit immediate.</summary>
    public static uint Csr(Opcode form, ushort csr, int rd, int source)
    {
        uint word = InstructionTable.Get(form).EncodingMatch | (uint)csr << 20 | (uint)source << 15 | (uint)rd << 7;
        var d = Decoder.Decode(word);
        if (d.Opcode != form || d.Csr != csr)
            throw new InvalidOperationException($"encoding {form} csr 0x{csr:x} gave {d.Opcode}");
        return word;
    }

    /// <summary>lr.w or lr.d rd, (rs1) with random ordering bits.</summary>
    public static uint LoadReserved(Opcode form, int rd, int rs1, uint orderingBits)
    {
        uint word = InstructionTable.Get(form).EncodingMatch | (orderingBits & 3) << 25 | (uint)rs1 << 15 | (uint)rd << 7;
        var d = Decoder.Decode(word);
        if (d.Opcode != form || d.Rd != rd || d.Rs1 != rs1)
            throw new InvalidOperationException($"encoding {form} gave {d.Opcode}");
        return word;
    }

    /// <summary>Whether <paramref name="form"/> jumps to a pc-relative target whose offset <see cref="Retarget"/> can rewrite.</summary>
    public static bool IsPcRelative(Opcode form) =>
        form is Opcode.Beq or Opcode.Bne or Opcode.Blt or Opcode.Bge or Opcode.Bltu or Opcode.Bgeu
            or Opcode.Jal or Opcode.CJ or Opcode.CBeqz or Opcode.CBnez;

    /// <summary>The largest forward offset a pc-relative form can reach.</summary>
    public static long MaxOffset(Opcode form) => form switch
    {
        Opcode.CBeqz or Opcode.CBnez => 254,
        Opcode.CJ => 2046,
        Opcode.Jal => (1 << 20) - 2,
        _ => 4094,
    };

    /// <summary>Replaces the offset of a branch or jump (32-bit or compressed) with <paramref name="offset"/>.</summary>
    public static uint Retarget(uint word, long offset)
    {
        uint o = (uint)offset;
        uint result;
        if ((word & 3) != 3)
        {
            uint funct3 = (word >> 13) & 7;
            if (funct3 == 5) // c.j
            {
                result = (word & 0xE003)
                    | Bit(o, 11) << 12 | Bit(o, 4) << 11 | Bits(o, 9, 8) << 9 | Bit(o, 10) << 8
                    | Bit(o, 6) << 7 | Bit(o, 7) << 6 | Bits(o, 3, 1) << 3 | Bit(o, 5) << 2;
            }
            else // c.beqz, c.bnez
            {
                result = (word & 0xE383)
                    | Bit(o, 8) << 12 | Bits(o, 4, 3) << 10 | Bits(o, 7, 6) << 5 | Bits(o, 2, 1) << 3 | Bit(o, 5) << 2;
            }
        }
        else if ((word & 0x7F) == Jal)
        {
            result = (word & 0xFFF)
                | Bit(o, 20) << 31 | Bits(o, 10, 1) << 21 | Bit(o, 11) << 20 | Bits(o, 19, 12) << 12;
        }
        else
        {
            result = (word & 0x01FFF07F)
                | Bit(o, 12) << 31 | Bits(o, 10, 5) << 25 | Bits(o, 4, 1) << 8 | Bit(o, 11) << 7;
        }
        var d = Decoder.Decode(result);
        if (!d.IsValid || d.Imm != offset)
            throw new InvalidOperationException($"retargeting 0x{word:x8} to {offset} gave 0x{result:x8} ({d.Opcode}, {d.Imm})");
        return result;
    }

    /// <summary>Splits a pc-relative distance into auipc's upper immediate and addi's lower one.</summary>
    public static (int Upper, int Lower) SplitPcRelative(long delta)
    {
        long upper = (delta + 0x800) >> 12;
        return ((int)upper, (int)(delta - (upper << 12)));
    }

    private static uint StoreWord(uint funct3, int rs2, int rs1, int imm) =>
        Store | funct3 << 12 | ((uint)imm & 0x1F) << 7 | (uint)rs1 << 15 | (uint)rs2 << 20 | ((uint)imm >> 5 & 0x7F) << 25;

    private static uint Bit(uint value, int bit) => (value >> bit) & 1;

    private static uint Bits(uint value, int high, int low) => (value >> low) & ((1u << (high - low + 1)) - 1);

    private static uint Checked(uint word, Opcode expected, long imm)
    {
        var d = Decoder.Decode(word);
        if (d.Opcode != expected || d.Imm != imm)
            throw new InvalidOperationException($"encoding {expected} gave 0x{word:x8} ({d.Opcode}, imm {d.Imm}, wanted {imm})");
        return word;
    }
}
