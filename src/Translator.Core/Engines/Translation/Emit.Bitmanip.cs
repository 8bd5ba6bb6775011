using System.Buffers.Binary;
using System.Numerics;
using System.Reflection.Emit;
using Translator.Isa;

namespace Translator.Engines.Translation;

// Zba, Zbb, Zbs and Zbc: short IL sequences, or calls to the BCL's bit operations that RyuJIT turns into single
// host instructions (the carry-less multiplies call the interpreter's helpers, which use PCLMULQDQ).
internal sealed partial class BlockTranslator
{
    private static bool IsBitmanipOpcode(Opcode op) => op is
        Opcode.Sh1add or Opcode.Sh2add or Opcode.Sh3add or Opcode.AddUw or Opcode.Sh1addUw or Opcode.Sh2addUw
        or Opcode.Sh3addUw or Opcode.SlliUw
        or Opcode.Andn or Opcode.Orn or Opcode.Xnor or Opcode.Clz or Opcode.Clzw or Opcode.Ctz or Opcode.Ctzw
        or Opcode.Cpop or Opcode.Cpopw or Opcode.Max or Opcode.Maxu or Opcode.Min or Opcode.Minu
        or Opcode.SextB or Opcode.SextH or Opcode.ZextH or Opcode.Rol or Opcode.Ror or Opcode.Rori
        or Opcode.Rolw or Opcode.Rorw or Opcode.Roriw or Opcode.OrcB or Opcode.Rev8
        or Opcode.Bclr or Opcode.Bclri or Opcode.Bext or Opcode.Bexti or Opcode.Binv or Opcode.Binvi
        or Opcode.Bset or Opcode.Bseti
        or Opcode.Clmul or Opcode.Clmulh or Opcode.Clmulr;

    private bool TryEmitBitmanip(in DecodedInstruction d)
    {
        if (!IsBitmanipOpcode(d.Opcode))
            return false;
        if (d.Rd == 0)
            return true; // no side effects
        var il = _il;
        switch (d.Opcode)
        {
            case Opcode.Sh1add or Opcode.Sh2add or Opcode.Sh3add:
                LoadRegister(d.Rs1);
                il.Emit(OpCodes.Ldc_I4, d.Opcode == Opcode.Sh1add ? 1 : d.Opcode == Opcode.Sh2add ? 2 : 3);
                il.Emit(OpCodes.Shl);
                LoadRegister(d.Rs2);
                il.Emit(OpCodes.Add);
                break;
            case Opcode.AddUw or Opcode.Sh1addUw or Opcode.Sh2addUw or Opcode.Sh3addUw:
                LoadRegister(d.Rs1);
                il.Emit(OpCodes.Conv_U4);
                il.Emit(OpCodes.Conv_U8);
                il.Emit(OpCodes.Ldc_I4, d.Opcode switch { Opcode.AddUw => 0, Opcode.Sh1addUw => 1, Opcode.Sh2addUw => 2, _ => 3 });
                il.Emit(OpCodes.Shl);
                LoadRegister(d.Rs2);
                il.Emit(OpCodes.Add);
                break;
            case Opcode.SlliUw:
                LoadRegister(d.Rs1);
                il.Emit(OpCodes.Conv_U4);
                il.Emit(OpCodes.Conv_U8);
                il.Emit(OpCodes.Ldc_I4, (int)(d.Imm & 63));
                il.Emit(OpCodes.Shl);
                break;
            case Opcode.Andn or Opcode.Orn:
                LoadRegister(d.Rs1);
                LoadRegister(d.Rs2);
                il.Emit(OpCodes.Not);
                il.Emit(d.Opcode == Opcode.Andn ? OpCodes.And : OpCodes.Or);
                break;
            case Opcode.Xnor:
                LoadRegister(d.Rs1);
                LoadRegister(d.Rs2);
                il.Emit(OpCodes.Xor);
                il.Emit(OpCodes.Not);
                break;
            case Opcode.Clz: UnaryCall(d.Rs1, nameof(BitOperations.LeadingZeroCount), word: false); break;
            case Opcode.Clzw: UnaryCall(d.Rs1, nameof(BitOperations.LeadingZeroCount), word: true); break;
            case Opcode.Ctz: UnaryCall(d.Rs1, nameof(BitOperations.TrailingZeroCount), word: false); break;
            case Opcode.Ctzw: UnaryCall(d.Rs1, nameof(BitOperations.TrailingZeroCount), word: true); break;
            case Opcode.Cpop: UnaryCall(d.Rs1, nameof(BitOperations.PopCount), word: false); break;
            case Opcode.Cpopw: UnaryCall(d.Rs1, nameof(BitOperations.PopCount), word: true); break;
            case Opcode.Max or Opcode.Min:
                LoadRegister(d.Rs1);
                LoadRegister(d.Rs2);
                EmitCall(typeof(Math), d.Opcode == Opcode.Max ? nameof(Math.Max) : nameof(Math.Min), typeof(long), typeof(long));
                break;
            case Opcode.Maxu or Opcode.Minu:
                LoadRegister(d.Rs1);
                LoadRegister(d.Rs2);
                EmitCall(typeof(Math), d.Opcode == Opcode.Maxu ? nameof(Math.Max) : nameof(Math.Min), typeof(ulong), typeof(ulong));
                break;
            case Opcode.SextB:
                LoadRegister(d.Rs1);
                il.Emit(OpCodes.Conv_I1);
                il.Emit(OpCodes.Conv_I8);
                break;
            case Opcode.SextH:
                LoadRegister(d.Rs1);
                il.Emit(OpCodes.Conv_I2);
                il.Emit(OpCodes.Conv_I8);
                break;
            case Opcode.ZextH:
                LoadRegister(d.Rs1);
                il.Emit(OpCodes.Conv_U2);
                il.Emit(OpCodes.Conv_U8);
                break;
            case Opcode.Rol or Opcode.Ror:
                LoadRegister(d.Rs1);
                LoadRegister(d.Rs2);
                il.Emit(OpCodes.Conv_I4);
                EmitCall(typeof(BitOperations), d.Opcode == Opcode.Rol ? nameof(BitOperations.RotateLeft) : nameof(BitOperations.RotateRight), typeof(ulong), typeof(int));
                break;
            case Opcode.Rori:
                LoadRegister(d.Rs1);
                il.Emit(OpCodes.Ldc_I4, (int)(d.Imm & 63));
                EmitCall(typeof(BitOperations), nameof(BitOperations.RotateRight), typeof(ulong), typeof(int));
                break;
            case Opcode.Rolw or Opcode.Rorw:
                LoadRegister(d.Rs1);
                il.Emit(OpCodes.Conv_U4);
                LoadRegister(d.Rs2);
                il.Emit(OpCodes.Conv_I4);
                EmitCall(typeof(BitOperations), d.Opcode == Opcode.Rolw ? nameof(BitOperations.RotateLeft) : nameof(BitOperations.RotateRight), typeof(uint), typeof(int));
                il.Emit(OpCodes.Conv_I4);
                il.Emit(OpCodes.Conv_I8);
                break;
            case Opcode.Roriw:
                LoadRegister(d.Rs1);
                il.Emit(OpCodes.Conv_U4);
                il.Emit(OpCodes.Ldc_I4, (int)(d.Imm & 31));
                EmitCall(typeof(BitOperations), nameof(BitOperations.RotateRight), typeof(uint), typeof(int));
                il.Emit(OpCodes.Conv_I4);
                il.Emit(OpCodes.Conv_I8);
                break;
            case Opcode.OrcB:
                LoadRegister(d.Rs1);
                EmitCall(typeof(Interpreter), nameof(Interpreter.OrCombineBytes), typeof(ulong));
                break;
            case Opcode.Rev8:
                LoadRegister(d.Rs1);
                EmitCall(typeof(BinaryPrimitives), nameof(BinaryPrimitives.ReverseEndianness), typeof(ulong));
                break;
            case Opcode.Bclr or Opcode.Bclri or Opcode.Binv or Opcode.Binvi or Opcode.Bset or Opcode.Bseti:
                LoadRegister(d.Rs1);
                il.Emit(OpCodes.Ldc_I8, 1L);
                BitIndex(in d, d.Opcode is Opcode.Bclri or Opcode.Binvi or Opcode.Bseti);
                il.Emit(OpCodes.Shl);
                if (d.Opcode is Opcode.Bclr or Opcode.Bclri)
                {
                    il.Emit(OpCodes.Not);
                    il.Emit(OpCodes.And);
                }
                else
                {
                    il.Emit(d.Opcode is Opcode.Binv or Opcode.Binvi ? OpCodes.Xor : OpCodes.Or);
                }
                break;
            case Opcode.Clmul or Opcode.Clmulh or Opcode.Clmulr:
                LoadRegister(d.Rs1);
                LoadRegister(d.Rs2);
                EmitCall(typeof(Interpreter), d.Opcode switch
                {
                    Opcode.Clmul => nameof(Interpreter.CarrylessMultiplyLow),
                    Opcode.Clmulh => nameof(Interpreter.CarrylessMultiplyHigh),
                    _ => nameof(Interpreter.CarrylessMultiplyReversed),
                }, typeof(ulong), typeof(ulong));
                break;
            case Opcode.Bext or Opcode.Bexti:
                LoadRegister(d.Rs1);
                BitIndex(in d, d.Opcode == Opcode.Bexti);
                il.Emit(OpCodes.Shr_Un);
                il.Emit(OpCodes.Ldc_I8, 1L);
                il.Emit(OpCodes.And);
                break;
        }
        StoreRegister(d.Rd);
        return true;
    }

    /// <summary>Pushes the bit index of a Zbs instruction: the immediate, or rs2 masked to 0..63.</summary>
    private void BitIndex(in DecodedInstruction d, bool immediate)
    {
        if (immediate)
        {
            _il.Emit(OpCodes.Ldc_I4, (int)(d.Imm & 63));
            return;
        }
        LoadRegister(d.Rs2);
        _il.Emit(OpCodes.Conv_I4);
        _il.Emit(OpCodes.Ldc_I4, 63);
        _il.Emit(OpCodes.And);
    }

    /// <summary>A count (clz/ctz/cpop) of rs1 or its low word, zero-extended into rd's value.</summary>
    private void UnaryCall(int rs1, string name, bool word)
    {
        LoadRegister(rs1);
        if (word)
            _il.Emit(OpCodes.Conv_U4);
        EmitCall(typeof(BitOperations), name, word ? typeof(uint) : typeof(ulong));
        _il.Emit(OpCodes.Conv_U8);
    }
}
