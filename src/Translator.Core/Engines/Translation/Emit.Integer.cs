using System.Reflection.Emit;
using Translator.Isa;

namespace Translator.Engines.Translation;

// RV64I register-immediate and register-register arithmetic, lui/auipc, and the M extension. The division and
// multiply-high corner cases call the interpreter's helpers, so they are defined once.
internal sealed partial class BlockTranslator
{
    private static bool IsIntegerOpcode(Opcode op) => op is
        Opcode.Lui or Opcode.Auipc
        or Opcode.Addi or Opcode.Slti or Opcode.Sltiu or Opcode.Xori or Opcode.Ori or Opcode.Andi
        or Opcode.Slli or Opcode.Srli or Opcode.Srai or Opcode.Addiw or Opcode.Slliw or Opcode.Srliw or Opcode.Sraiw
        or Opcode.Add or Opcode.Sub or Opcode.Sll or Opcode.Slt or Opcode.Sltu or Opcode.Xor or Opcode.Srl
        or Opcode.Sra or Opcode.Or or Opcode.And
        or Opcode.Addw or Opcode.Subw or Opcode.Sllw or Opcode.Srlw or Opcode.Sraw
        or Opcode.Mul or Opcode.Mulh or Opcode.Mulhsu or Opcode.Mulhu or Opcode.Div or Opcode.Divu
        or Opcode.Rem or Opcode.Remu or Opcode.Mulw or Opcode.Divw or Opcode.Divuw or Opcode.Remw or Opcode.Remuw;

    private bool TryEmitInteger(in DecodedInstruction d, int index)
    {
        switch (d.Opcode)
        {
            case Opcode.Lui: Constant(d.Rd, (ulong)d.Imm); return true;
            case Opcode.Auipc: Constant(d.Rd, _block.Pcs[index] + (ulong)d.Imm); return true;

            case Opcode.Addi: Immediate(in d, OpCodes.Add); return true;
            case Opcode.Xori: Immediate(in d, OpCodes.Xor); return true;
            case Opcode.Ori: Immediate(in d, OpCodes.Or); return true;
            case Opcode.Andi: Immediate(in d, OpCodes.And); return true;
            case Opcode.Slti: Immediate(in d, OpCodes.Clt, toBoolean: true); return true;
            case Opcode.Sltiu: Immediate(in d, OpCodes.Clt_Un, toBoolean: true); return true;
            case Opcode.Slli: ShiftImmediate(in d, OpCodes.Shl); return true;
            case Opcode.Srli: ShiftImmediate(in d, OpCodes.Shr_Un); return true;
            case Opcode.Srai: ShiftImmediate(in d, OpCodes.Shr); return true;
            case Opcode.Addiw: Immediate(in d, OpCodes.Add, word: true); return true;
            case Opcode.Slliw: ShiftWordImmediate(in d, OpCodes.Shl); return true;
            case Opcode.Srliw: ShiftWordImmediate(in d, OpCodes.Shr_Un); return true;
            case Opcode.Sraiw: ShiftWordImmediate(in d, OpCodes.Shr); return true;

            case Opcode.Add: Binary(in d, OpCodes.Add); return true;
            case Opcode.Sub: Binary(in d, OpCodes.Sub); return true;
            case Opcode.Xor: Binary(in d, OpCodes.Xor); return true;
            case Opcode.Or: Binary(in d, OpCodes.Or); return true;
            case Opcode.And: Binary(in d, OpCodes.And); return true;
            case Opcode.Slt: Binary(in d, OpCodes.Clt, toBoolean: true); return true;
            case Opcode.Sltu: Binary(in d, OpCodes.Clt_Un, toBoolean: true); return true;
            case Opcode.Sll: Shift(in d, OpCodes.Shl); return true;
            case Opcode.Srl: Shift(in d, OpCodes.Shr_Un); return true;
            case Opcode.Sra: Shift(in d, OpCodes.Shr); return true;
            case Opcode.Addw: Binary(in d, OpCodes.Add, word: true); return true;
            case Opcode.Subw: Binary(in d, OpCodes.Sub, word: true); return true;
            case Opcode.Sllw: ShiftWord(in d, OpCodes.Shl); return true;
            case Opcode.Srlw: ShiftWord(in d, OpCodes.Shr_Un); return true;
            case Opcode.Sraw: ShiftWord(in d, OpCodes.Shr); return true;

            case Opcode.Mul: Binary(in d, OpCodes.Mul); return true;
            case Opcode.Mulw: Binary(in d, OpCodes.Mul, word: true); return true;
            case Opcode.Mulh: BinaryCall(in d, nameof(Interpreter.MulHighSigned)); return true;
            case Opcode.Mulhsu: BinaryCall(in d, nameof(Interpreter.MulHighSignedUnsigned)); return true;
            case Opcode.Mulhu:
                if (d.Rd == 0) return true;
                LoadRegister(d.Rs1);
                LoadRegister(d.Rs2);
                _il.Emit(OpCodes.Ldloca, _value); // the low half, unused
                EmitCall(typeof(Math), nameof(Math.BigMul), typeof(ulong), typeof(ulong), typeof(ulong).MakeByRefType());
                StoreRegister(d.Rd);
                return true;
            case Opcode.Div: BinaryCall(in d, nameof(Interpreter.DivSigned)); return true;
            case Opcode.Divu: BinaryCall(in d, nameof(Interpreter.DivUnsigned)); return true;
            case Opcode.Rem: BinaryCall(in d, nameof(Interpreter.RemSigned)); return true;
            case Opcode.Remu: BinaryCall(in d, nameof(Interpreter.RemUnsigned)); return true;
            case Opcode.Divw: BinaryCall(in d, nameof(Interpreter.DivSignedWord)); return true;
            case Opcode.Divuw: BinaryCall(in d, nameof(Interpreter.DivUnsignedWord)); return true;
            case Opcode.Remw: BinaryCall(in d, nameof(Interpreter.RemSignedWord)); return true;
            case Opcode.Remuw: BinaryCall(in d, nameof(Interpreter.RemUnsignedWord)); return true;
            default: return false;
        }
    }

    private void Constant(int rd, ulong value)
    {
        if (rd == 0) return;
        _il.Emit(OpCodes.Ldc_I8, (long)value);
        StoreRegister(rd);
    }

    /// <summary>rd = rs1 op imm; comparisons give 0/1; word forms sign-extend the low 32 bits.</summary>
    private void Immediate(in DecodedInstruction d, OpCode op, bool toBoolean = false, bool word = false)
    {
        if (d.Rd == 0) return;
        LoadRegister(d.Rs1);
        _il.Emit(OpCodes.Ldc_I8, d.Imm);
        _il.Emit(op);
        Finish(toBoolean, word);
        StoreRegister(d.Rd);
    }

    private void Binary(in DecodedInstruction d, OpCode op, bool toBoolean = false, bool word = false)
    {
        if (d.Rd == 0) return;
        LoadRegister(d.Rs1);
        LoadRegister(d.Rs2);
        _il.Emit(op);
        Finish(toBoolean, word);
        StoreRegister(d.Rd);
    }

    private void Finish(bool toBoolean, bool word)
    {
        if (toBoolean)
            _il.Emit(OpCodes.Conv_U8); // clt pushes an int32 0/1
        if (word)
            SignExtendWord();
    }

    private void SignExtendWord()
    {
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Conv_I8);
    }

    private void ShiftImmediate(in DecodedInstruction d, OpCode op)
    {
        if (d.Rd == 0) return;
        LoadRegister(d.Rs1);
        _il.Emit(OpCodes.Ldc_I4, (int)(d.Imm & 63));
        _il.Emit(op);
        StoreRegister(d.Rd);
    }

    private void Shift(in DecodedInstruction d, OpCode op)
    {
        if (d.Rd == 0) return;
        LoadRegister(d.Rs1);
        LoadRegister(d.Rs2);
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Ldc_I4, 63);
        _il.Emit(OpCodes.And);
        _il.Emit(op);
        StoreRegister(d.Rd);
    }

    /// <summary>A 32-bit shift: the operand is the low word (signed for sra), the result sign-extended.</summary>
    private void ShiftWordImmediate(in DecodedInstruction d, OpCode op)
    {
        if (d.Rd == 0) return;
        LoadRegister(d.Rs1);
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Ldc_I4, (int)(d.Imm & 31));
        _il.Emit(op);
        _il.Emit(OpCodes.Conv_I8);
        StoreRegister(d.Rd);
    }

    private void ShiftWord(in DecodedInstruction d, OpCode op)
    {
        if (d.Rd == 0) return;
        LoadRegister(d.Rs1);
        _il.Emit(OpCodes.Conv_I4);
        LoadRegister(d.Rs2);
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Ldc_I4, 31);
        _il.Emit(OpCodes.And);
        _il.Emit(op);
        _il.Emit(OpCodes.Conv_I8);
        StoreRegister(d.Rd);
    }

    /// <summary>rd = Interpreter.name(rs1, rs2), the shared definition of an M-extension corner case.</summary>
    private void BinaryCall(in DecodedInstruction d, string name)
    {
        if (d.Rd == 0) return;
        LoadRegister(d.Rs1);
        LoadRegister(d.Rs2);
        EmitCall(typeof(Interpreter), name, typeof(ulong), typeof(ulong));
        StoreRegister(d.Rd);
    }
}
