using System.Runtime.CompilerServices;
using Translator.Isa;

namespace Translator.Engines.Translation;

/// <summary>
/// The guest instructions of one block, decoded from its code page. A block never leaves its 4 KiB page (so one
/// fetch translation covers it) and holds at most <see cref="MaxInstructions"/> instructions. A translatable block
/// runs through conditional branches (their taken sides are side exits, or jumps inside the block) and stops
/// before the first instruction the translator leaves to the interpreter, or after an unconditional jump that no
/// earlier branch jumps past. An untranslatable block is the run of instructions the interpreter executes instead.
/// </summary>
internal sealed class GuestBlock
{
    public const int MaxInstructions = 48;
    private const int MaxInterpretedRun = 16;
    private const int PageSize = 4096;
    private const ulong ShortJump = 64;

    private GuestBlock(ulong virtualPc, DecodedInstruction[] instructions, ulong[] pcs, int byteLength, bool translatable)
    {
        VirtualPc = virtualPc;
        Instructions = instructions;
        Pcs = pcs;
        ByteLength = byteLength;
        Translatable = translatable;
    }

    public ulong VirtualPc { get; }
    public DecodedInstruction[] Instructions { get; }
    public ulong[] Pcs { get; }
    public int ByteLength { get; }
    public bool Translatable { get; }
    public int Count => Instructions.Length;

    /// <summary>The index of the instruction at <paramref name="pc"/>, or -1 when the block holds none there.</summary>
    public int IndexOf(ulong pc)
    {
        int index = Array.BinarySearch(Pcs, pc);
        return index >= 0 ? index : -1;
    }

    /// <summary>Decodes the block starting at byte <paramref name="offset"/> of the host code page <paramref name="page"/>.</summary>
    public static unsafe GuestBlock Scan(byte* page, int offset, ulong virtualPc)
    {
        var instructions = new List<DecodedInstruction>();
        var pcs = new List<ulong>();
        int start = offset;
        bool translatable = false;
        ulong furthestTarget = 0;
        while (instructions.Count < MaxInstructions && offset + 2 <= PageSize)
        {
            uint raw = Unsafe.ReadUnaligned<ushort>(page + offset);
            if ((raw & 3) == 3)
            {
                if (offset + 4 > PageSize) break;
                raw = Unsafe.ReadUnaligned<uint>(page + offset);
            }
            var d = Decoder.Decode(raw);
            ulong pc = virtualPc + (ulong)(offset - start);
            bool native = BlockTranslator.IsTranslatable(d.Opcode) || BlockTranslator.IsFflagsAccess(in d);
            if (instructions.Count == 0)
                translatable = native;
            if (native != translatable)
                break;
            instructions.Add(d);
            pcs.Add(pc);
            offset += d.Length;
            if (!translatable)
            {
                if (d.Info.Has(InstructionFlags.EndsBlock) || instructions.Count >= MaxInterpretedRun)
                    break;
                continue;
            }
            var op = d.Opcode;
            ulong target = pc + (ulong)d.Imm;
            // A short forward jal (an if/else join) keeps the block going; a long one would drag in unrelated code.
            if (d.Info.Has(InstructionFlags.Branch) || (op == Opcode.Jal && target > pc && target - pc <= ShortJump))
                furthestTarget = Math.Max(furthestTarget, target);
            // Past an unconditional jump the code is reachable only from inside the block if a branch lands there.
            if ((op == Opcode.Jal || op == Opcode.Jalr) && furthestTarget <= pc)
                break;
        }
        return new GuestBlock(virtualPc, instructions.ToArray(), pcs.ToArray(), offset - start, translatable);
    }
}
