using System.Reflection.Emit;
using Translator.Isa;
using Translator.Memory;

namespace Translator.Engines.Translation;

// In a block that accesses RAM directly, loads (or stores) of one basic block that address memory through the same
// base register, which nothing between them writes, share one bounds check at the first of them: that
// [base + Lo, base + End) lies in RAM. The others then go straight to their host address (a store still checks its
// own granule's flag). Function prologues and epilogues (stores and loads off sp) and walks through a structure's
// fields are the common cases. If the check fails (MMIO, say), the region leaves before the group's first access, as
// that access's own check would. Only the RAM path groups: there the group's check costs what one access's does,
// while in the user linear window and the TLB a group spanning two pages needs both checked, which measured no
// cheaper than checking each access.
internal sealed partial class BlockTranslator
{
    /// <summary>A group of accesses checked once, at <paramref name="First"/>: offsets [Lo, End) from the base register.</summary>
    private sealed record MemoryGroup(int First, long Lo, long End);

    /// <summary>For each instruction, the group its access belongs to, or null (checked alone, or not an access).</summary>
    private MemoryGroup?[] FindMemoryGroups()
    {
        var instructions = _block.Instructions;
        var groups = new MemoryGroup?[instructions.Length];
        if (_ram == null)
            return groups;
        var members = new List<int>();
        for (int first = 0; first < instructions.Length; first++)
        {
            var d = instructions[first];
            int width = AccessWidth(d.Opcode);
            if (width == 0 || groups[first] != null)
                continue;
            bool stores = IsStore(d.Opcode);
            int baseRegister = d.Rs1;
            long lo = d.Imm, end = d.Imm + width;
            members.Clear();
            members.Add(first);
            bool baseWritten = MayWriteX(in d, baseRegister); // a load into its own base register ends the group
            for (int j = first + 1; j < instructions.Length && !baseWritten && _block.LeaderOf[j] == _block.LeaderOf[first]; j++)
            {
                var e = instructions[j];
                int w = AccessWidth(e.Opcode);
                if (w != 0 && e.Rs1 == baseRegister && IsStore(e.Opcode) == stores)
                {
                    members.Add(j);
                    lo = Math.Min(lo, e.Imm);
                    end = Math.Max(end, e.Imm + w);
                }
                baseWritten = MayWriteX(in e, baseRegister);
            }
            if (members.Count < 2)
                continue;
            var group = new MemoryGroup(first, lo, end);
            foreach (int member in members)
                groups[member] = group;
        }
        return groups;
    }

    /// <summary>Bytes accessed by a load or store that takes the inline paths (0 for any other instruction).</summary>
    private static int AccessWidth(Opcode op) => op switch
    {
        Opcode.Lb or Opcode.Lbu or Opcode.Sb => 1,
        Opcode.Lh or Opcode.Lhu or Opcode.Sh => 2,
        Opcode.Lw or Opcode.Lwu or Opcode.Sw or Opcode.Flw or Opcode.Fsw => 4,
        Opcode.Ld or Opcode.Sd or Opcode.Fld or Opcode.Fsd => 8,
        _ => 0,
    };

    private static bool IsStore(Opcode op) => op is Opcode.Sb or Opcode.Sh or Opcode.Sw or Opcode.Sd or Opcode.Fsw or Opcode.Fsd;

    // Conservative: any instruction with that rd that writes a destination at all (an f register of the same number
    // included) counts.
    private static bool MayWriteX(in DecodedInstruction d, int register) => register != 0 && d.Rd == register && WritesRd(d.Opcode);

    /// <summary>
    /// Pushes the host address of _address, in RAM, for member <paramref name="index"/> of <paramref name="group"/>:
    /// the first member checks the whole group first, and a store checks its own granule's flag.
    /// </summary>
    private void GroupedRamAddress(in DecodedInstruction d, int index, MemoryGroup group, AccessKind kind)
    {
        var ram = _ram!;
        if (index == group.First)
        {
            LoadRegister(d.Rs1);
            _il.Emit(OpCodes.Ldc_I8, group.Lo);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Ldc_I8, (long)ram.Base);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Ldc_I8, (long)(ram.Size - (ulong)(group.End - group.Lo)));
            _il.Emit(OpCodes.Bgt_Un, InterpretExitBefore(index));
        }
        if (kind == AccessKind.Write)
            BranchIfRamGranuleFlagged(ram, InterpretExitBefore(index));
        HostAddress(ram);
    }
}
