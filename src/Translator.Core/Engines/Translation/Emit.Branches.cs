using System.Reflection.Emit;
using Translator.Isa;

namespace Translator.Engines.Translation;

// Conditional branches, jal and jalr. A taken branch is emitted out of line: a jump inside the region or an exit.
internal sealed partial class BlockTranslator
{
    private static bool IsControlOpcode(Opcode op) => op is
        Opcode.Beq or Opcode.Bne or Opcode.Blt or Opcode.Bge or Opcode.Bltu or Opcode.Bgeu or Opcode.Jal or Opcode.Jalr;

    private bool TryEmitControl(in DecodedInstruction d, int index)
    {
        ulong pc = _block.Pcs[index];
        switch (d.Opcode)
        {
            case Opcode.Beq: Branch(in d, index, OpCodes.Beq); return true;
            case Opcode.Bne: Branch(in d, index, OpCodes.Bne_Un); return true;
            case Opcode.Blt: Branch(in d, index, OpCodes.Blt); return true;
            case Opcode.Bge: Branch(in d, index, OpCodes.Bge); return true;
            case Opcode.Bltu: Branch(in d, index, OpCodes.Blt_Un); return true;
            case Opcode.Bgeu: Branch(in d, index, OpCodes.Bge_Un); return true;
            case Opcode.Jal:
                Constant(d.Rd, pc + d.Length);
                JumpTo(index, pc + (ulong)d.Imm);
                return true;
            case Opcode.Jalr:
            {
                // The target is computed before rd is written: rd may be rs1.
                LoadRegister(d.Rs1);
                _il.Emit(OpCodes.Ldc_I8, d.Imm);
                _il.Emit(OpCodes.Add);
                _il.Emit(OpCodes.Ldc_I8, ~1L);
                _il.Emit(OpCodes.And);
                _il.Emit(OpCodes.Stloc, _address);
                Constant(d.Rd, pc + d.Length);
                JumpToComputed(index);
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>
    /// After jalr <paramref name="index"/> retired with its target in _address: a jump to the region's instruction
    /// there (the function a call through a register was seen calling, a return to a call site in the region, a
    /// jump-table case), else an indirect exit.
    /// </summary>
    private void JumpToComputed(int index)
    {
        AddRetired(index + 1 - _block.LeaderOf[index]);
        var leave = OutOfLine(() => LeaveComputed(_address, 0, BlockExitKind.Indirect));
        if (_block.CallTargetOf(index) is var callee and not 0)
        {
            // A call through a register to the function the region took in for it (in any of its pages): straight
            // there when the target is that function.
            var elsewhere = _il.DefineLabel();
            int to = _block.IndexOf(callee);
            _il.Emit(OpCodes.Ldloc, _address);
            _il.Emit(OpCodes.Ldc_I8, (long)callee);
            _il.Emit(OpCodes.Bne_Un, elsewhere);
            if (to <= index)
                BranchIfOutOfAllowance(leave);
            _il.Emit(OpCodes.Br, _labels[to]);
            _il.MarkLabel(elsewhere);
        }
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldc_I8, (long)_pageBase);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Stloc, _value);
        _il.Emit(OpCodes.Ldloc, _value);
        _il.Emit(OpCodes.Ldc_I8, (long)GuestBlock.PageSize);
        _il.Emit(OpCodes.Bge_Un, leave);
        BranchIfOutOfAllowance(leave);
        // IndexAt[offset / 2]: the offset is even (jalr clears bit 0) and below the page size, so the element is at
        // byte offset * 2, inside the table.
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, IndexAtAddressField);
        _il.Emit(OpCodes.Ldloc, _value);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Shl);
        _il.Emit(OpCodes.Conv_I);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Ldind_I4);
        _il.Emit(OpCodes.Stloc, _jump);
        _il.Emit(OpCodes.Ldloc, _jump);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Blt, leave);
        _il.Emit(OpCodes.Br, _dispatch);
    }

    private void Branch(in DecodedInstruction d, int index, OpCode branchIfTaken)
    {
        ulong target = _block.Pcs[index] + (ulong)d.Imm;
        LoadRegister(d.Rs1);
        LoadRegister(d.Rs2);
        _il.Emit(branchIfTaken, OutOfLine(() => JumpTo(index, target)));
    }
}
