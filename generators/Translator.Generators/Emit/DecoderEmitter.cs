using System.Collections.Generic;
using System.Linq;
using Translator.Generators.Model;

namespace Translator.Generators.Emit
{
    /// <summary>
    /// Emits the decoder: a tree of switches built from the patterns. At each node it switches on
    /// the longest run of bits that every remaining pattern fixes; where none is shared (an
    /// override and what it overrides) it tests the few candidates, most specific first.
    /// </summary>
    internal static class DecoderEmitter
    {
        public static string Emit(IsaModel model)
        {
            var fields = model.Fields.ToDictionary(f => f.Name);
            var w = new CodeWriter();
            w.Line("using System.Runtime.CompilerServices;");
            w.Line();
            w.Line("namespace Translator.Isa;");
            w.Line();
            w.Open("public static partial class Decoder");
            w.Line("/// <summary>Decodes a 32-bit word, or its low 16 bits when they are a compressed instruction (low two bits not 11).</summary>");
            w.Open("public static DecodedInstruction Decode(uint raw)");
            w.Line("return (raw & 3) != 3 ? Decode16(raw & 0xFFFF) : Decode32(raw);");
            w.Close();
            w.Line();
            EmitTree(w, "Decode16", model.Instructions.Where(i => i.Length == 16).ToList(), 2);
            w.Line();
            EmitTree(w, "Decode32", model.Instructions.Where(i => i.Length == 32).ToList(), 4);
            foreach (var inst in model.Instructions)
            {
                w.Line();
                EmitBuilder(w, inst, fields);
            }
            w.Close();
            return w.ToString();
        }

        private static void EmitTree(CodeWriter w, string name, List<InstructionModel> patterns, int length)
        {
            w.Open($"private static DecodedInstruction {name}(uint raw)");
            EmitNode(w, patterns, 0, length);
            w.Line($"return DecodedInstruction.Illegal(raw, {length});");
            w.Close();
        }

        /// <summary>Returns true when the emitted code returns on every path (so no `break` may follow).</summary>
        private static bool EmitNode(CodeWriter w, List<InstructionModel> candidates, uint tested, int length)
        {
            if (candidates.Count == 0)
                return false;
            uint common = uint.MaxValue;
            foreach (var c in candidates)
                common &= c.Mask;
            common &= ~tested;
            var (hi, lo) = LongestRun(common);
            if (candidates.Count == 1 || hi < 0)
            {
                // Most specific first, so an override wins over the pattern it carves from.
                foreach (var c in candidates.OrderByDescending(c => PopCount(c.Mask)))
                {
                    uint mask = c.Mask & ~tested;
                    if (mask == 0)
                    {
                        w.Line($"return {BuilderName(c)}(raw);");
                        return true;
                    }
                    w.Line($"if ((raw & 0x{mask:X}u) == 0x{c.Match & mask:X}u) return {BuilderName(c)}(raw);");
                }
                return false;
            }
            uint runMask = (uint)(((1UL << (hi - lo + 1)) - 1) << lo);
            uint width = (uint)((1UL << (hi - lo + 1)) - 1);
            string selector = lo == 0 ? $"raw & 0x{width:X}u" : $"(raw >> {lo}) & 0x{width:X}u";
            w.Open($"switch ({selector})");
            foreach (var group in candidates.GroupBy(c => (c.Match & runMask) >> lo).OrderBy(g => g.Key))
            {
                w.Line($"case 0x{group.Key:X}:");
                w.Indent();
                if (!EmitNode(w, group.ToList(), tested | runMask, length))
                    w.Line("break;");
                w.Outdent();
            }
            w.Close();
            return false;
        }

        private static (int Hi, int Lo) LongestRun(uint bits)
        {
            int bestHi = -1, bestLo = -1, bit = 31;
            while (bit >= 0)
            {
                if ((bits & (1u << bit)) == 0)
                {
                    bit--;
                    continue;
                }
                int hi = bit;
                while (bit >= 0 && (bits & (1u << bit)) != 0)
                    bit--;
                if (hi - bit > bestHi - bestLo + 1 || bestHi < 0)
                {
                    bestHi = hi;
                    bestLo = bit + 1;
                }
            }
            return (bestHi, bestLo);
        }

        private static int PopCount(uint v)
        {
            int n = 0;
            for (; v != 0; v &= v - 1)
                n++;
            return n;
        }

        private static string BuilderName(InstructionModel inst) => "Decode" + inst.OpcodeName;

        public static string TestExpression(ConditionModel condition)
            => string.Join(" && ", condition.Tests.Select(t => $"IsaFields.{Naming.ToPascal(t.Field)}(raw) == {t.Value}"));

        private static void EmitBuilder(CodeWriter w, InstructionModel inst, Dictionary<string, FieldModel> fields)
        {
            int length = inst.Length / 8;
            w.Open($"private static DecodedInstruction {BuilderName(inst)}(uint raw)");
            foreach (var reserved in inst.Reserved)
                w.Line($"if ({TestExpression(reserved)}) return DecodedInstruction.Illegal(raw, {length});");
            if (inst.IsIllegal)
            {
                w.Line($"return new DecodedInstruction(Opcode.Invalid, Opcode.{inst.OpcodeName}, raw, {length}, 0, 0, 0, 0, 0, 0, 0, false, false);");
                w.Close();
                return;
            }
            string Slot(string slot, string cast, string none)
            {
                var sources = inst.Slots.Where(s => s.Slot == slot).ToList();
                if (sources.Count == 0)
                    return none;
                var parts = sources.Select(s => s.Field != null ? $"IsaFields.{Naming.ToPascal(s.Field)}(raw)" : s.Constant.ToString()).ToList();
                string value = parts.Count == 1 ? parts[0] : "(" + string.Join(" | ", parts) + ")";
                return cast == "bool" ? $"{value} != 0" : cast.Length == 0 ? value : $"({cast}){value}";
            }
            string opcode = inst.ExpandsTo ?? inst.OpcodeName;
            w.Line($"return new DecodedInstruction(Opcode.{opcode}, Opcode.{inst.OpcodeName}, raw, {length},");
            w.Indent();
            w.Line($"rd: {Slot("rd", "byte", "0")}, rs1: {Slot("rs1", "byte", "0")}, rs2: {Slot("rs2", "byte", "0")}, rs3: {Slot("rs3", "byte", "0")},");
            w.Line($"rm: {Slot("rm", "byte", "0")}, imm: {Slot("imm", "", "0")}, csr: {Slot("csr", "ushort", "0")},");
            w.Line($"aq: {Slot("aq", "bool", "false")}, rl: {Slot("rl", "bool", "false")});");
            w.Outdent();
            w.Close();
        }
    }
}
