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
            if (!TakesInlineAccess(d.Opcode) || groups[first] != null)
                continue;
            bool stores = d.Info.Has(InstructionFlags.Store);
            int baseRegister = d.Rs1;
            long lo = d.Imm, end = d.Imm + d.Info.MemoryWidth;
            members.Clear();
            members.Add(first);
            bool baseWritten = MayWriteX(in d, baseRegister); // a load into its own base register ends the group
            for (int j = first + 1; j < instructions.Length && !baseWritten && _block.LeaderOf[j] == _block.LeaderOf[first]; j++)
            {
                var e = instructions[j];
                if (TakesInlineAccess(e.Opcode) && e.Rs1 == baseRegister && e.Info.Has(InstructionFlags.Store) == stores)
                {
                    members.Add(j);
                    lo = Math.Min(lo, e.Imm);
                    end = Math.Max(end, e.Imm + e.Info.MemoryWidth);
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

    /// <summary>The loads and stores that go through EmitLoad and EmitStore (not the AMOs, which call out).</summary>
    private static bool TakesInlineAccess(Opcode op) => IsMemoryOpcode(op) || op is Opcode.Flw or Opcode.Fld or Opcode.Fsw or Opcode.Fsd;

    // Conservative: any instruction with that rd that writes a destination at all (an f register of the same number
    // included) counts.
    private static bool MayWriteX(in DecodedInstruction d, int register) => register != 0 && d.Rd == register && WritesRd(d.Opcode);

    /// <summary>
    /// Pushes the host address of _address for the access at <paramref name="index"/> by the block's inline path,
    /// branching to leave before it when the access cannot take that path: checked with its group, or alone.
    /// </summary>
    private void InlineAccessAddress(in DecodedInstruction d, int index, AccessKind kind, int width)
    {
        if (_memoryGroups[index] is { } group)
            GroupedRamAddress(in d, index, group, kind);
        else
            InlineHostAddress(kind, width, InterpretExitBefore(index));
    }

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
