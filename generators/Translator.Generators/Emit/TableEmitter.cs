using System.Collections.Generic;
using Translator.Generators.Model;

namespace Translator.Generators.Emit
{
    /// <summary>Emits the per-opcode metadata table, indexed by Opcode.</summary>
    internal static class TableEmitter
    {
        public static string Emit(IsaModel model)
        {
            var w = new CodeWriter();
            w.Line("namespace Translator.Isa;");
            w.Line();
            w.Open("public static partial class InstructionTable");
            w.Line("private static readonly InstructionInfo[] s_entries =");
            w.Line("[");
            w.Indent();
            w.Line("new InstructionInfo(\"invalid\", Extension.I, InstructionFlags.None, 0, false, PrivilegeLevel.User, 0, Opcode.Invalid, 0, 0),");
            foreach (var inst in model.Instructions)
            {
                string privilege = inst.Privilege == 3 ? "Machine" : inst.Privilege == 1 ? "Supervisor" : "User";
                w.Line($"new InstructionInfo(\"{inst.Mnemonic}\", Extension.{inst.Extension}, {Flags(inst.Flags)}, {inst.MemoryWidth}, {(inst.MemorySigned ? "true" : "false")}, PrivilegeLevel.{privilege}, {inst.Length / 8}, Opcode.{inst.ExpandsTo ?? (inst.IsIllegal ? "Invalid" : inst.OpcodeName)}, 0x{inst.Mask:X}u, 0x{inst.Match:X}u),");
            }
            w.Outdent();
            w.Line("];");
            w.Line();
            w.Line($"/// <summary>Number of entries, Invalid included: every Opcode value is below this.</summary>");
            w.Line($"public const int Count = {model.Instructions.Count + 1};");
            w.Close();
            return w.ToString();
        }

        private static string Flags(uint flags)
        {
            if (flags == 0)
                return "InstructionFlags.None";
            var parts = new List<string>();
            foreach (var (bit, name) in FlagBits.Names)
            {
                if ((flags & bit) != 0)
                    parts.Add("InstructionFlags." + name);
            }
            return string.Join(" | ", parts);
        }
    }
}
