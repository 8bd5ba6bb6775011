using System.Collections.Generic;
using System.Linq;
using Translator.Generators.Model;

namespace Translator.Generators.Emit
{
    /// <summary>Emits one extraction method per operand field, shared by decoder and disassembler.</summary>
    internal static class FieldEmitter
    {
        public static string Emit(IsaModel model)
        {
            var w = new CodeWriter();
            w.Line("using System.Runtime.CompilerServices;");
            w.Line();
            w.Line("namespace Translator.Isa;");
            w.Line();
            w.Line("/// <summary>Operand fields of the spec (fields.isa): each method gathers a field's scattered bits from a raw instruction word.</summary>");
            w.Open("public static partial class IsaFields");
            foreach (var field in model.Fields)
            {
                string pieces = string.Join(" ", field.Pieces.Select(p => $"{Range(p.InstHi, p.InstLo)}:{Range(p.ValueHi, p.ValueLo)}"));
                w.Line($"/// <summary>Field <c>{field.Name}</c> ({field.Kind}, bits {pieces}).</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                w.Line($"public static long {field.MethodName}(uint raw) => {Expression(field)};");
                w.Line();
            }
            w.Close();
            return w.ToString();
        }

        private static string Range(int hi, int lo) => hi == lo ? hi.ToString() : $"{hi}..{lo}";

        public static string Expression(FieldModel field)
        {
            var parts = new List<string>();
            foreach (var p in field.Pieces)
            {
                uint mask = p.Width >= 32 ? uint.MaxValue : (1u << p.Width) - 1;
                string shifted = p.InstLo == 0 ? "raw" : $"(raw >> {p.InstLo})";
                string masked = $"({shifted} & 0x{mask:X}u)";
                if (p.ValueLo == 0)
                    parts.Add(masked);
                else
                    parts.Add($"({masked} << {p.ValueLo})");
            }
            string value = parts.Count == 1 ? parts[0] : "(" + string.Join(" | ", parts) + ")";
            if (field.IsSigned)
            {
                int shift = 31 - field.TopValueBit;
                return shift == 0 ? $"(long)(int){value}" : $"(long)((int)({value} << {shift}) >> {shift})";
            }
            if (field.Kind == "xc" || field.Kind == "fc")
                return $"8 + (long){value}";
            return $"(long){value}";
        }
    }
}
