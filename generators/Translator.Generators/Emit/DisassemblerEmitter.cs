using System.Collections.Generic;
using System.Linq;
using Translator.Generators.Model;

namespace Translator.Generators.Emit
{
    /// <summary>
    /// Emits the disassembler: one case per form that prints the mnemonic and the operand list of
    /// its spec line, reading each field from the raw bits, in GNU objdump's no-aliases style.
    /// </summary>
    internal static class DisassemblerEmitter
    {
        public static string Emit(IsaModel model)
        {
            var fields = model.Fields.ToDictionary(f => f.Name);
            var w = new CodeWriter();
            w.Line("namespace Translator.Isa;");
            w.Line();
            w.Open("public static partial class Disassembler");
            w.Line("/// <summary>Writes the form's mnemonic and operands; returns false when the word must be printed as a raw .2byte/.4byte.</summary>");
            w.Open("private static bool FormatKnown(in DecodedInstruction inst, ulong pc, ref TextSink w)");
            w.Line("uint raw = inst.Raw;");
            w.Open("switch (inst.Form)");
            foreach (var inst in model.Instructions)
            {
                w.Line($"case Opcode.{inst.OpcodeName}:");
                w.Indent();
                foreach (var canonical in inst.Canonical)
                    w.Line($"if (!({DecoderEmitter.TestExpression(canonical)})) return false;");
                w.Line($"w.Append(\"{inst.Mnemonic}\");");
                if (inst.HasOrderingBits)
                    w.Line("w.AppendOrdering(inst.Aq, inst.Rl);");
                var syntax = inst.Syntax.ToList();
                if (syntax.Count > 0)
                    w.Line("w.Append('\\t');");
                for (int i = 0; i < syntax.Count; i++)
                {
                    var token = syntax[i];
                    if (!token.IsField)
                    {
                        // The comma before an optional rounding mode is printed with it.
                        if (token.Text == "," && i + 1 < syntax.Count && syntax[i + 1].IsField && fields[syntax[i + 1].Text].Kind == "rm")
                            continue;
                        w.Line(token.Text.Length == 1 ? $"w.Append('{token.Text}');" : $"w.Append(\"{token.Text}\");");
                        continue;
                    }
                    var field = fields[token.Text];
                    w.Line(PrintStatement(field, ValueOf(inst, field)));
                }
                w.Line("return true;");
                w.Outdent();
            }
            w.Line("default:");
            w.Line("    return false;");
            w.Close();
            w.Close();
            w.Close();
            return w.ToString();
        }

        /// <summary>
        /// Operands are printed from the decoded slots, not re-read from the raw bits, so comparing
        /// the text with objdump also checks what the decoder hands to the engines.
        /// </summary>
        private static string ValueOf(InstructionModel inst, FieldModel field)
        {
            var source = inst.Slots.FirstOrDefault(s => s.Field == field.Name);
            switch (source?.Slot)
            {
                case "rd": return "inst.Rd";
                case "rs1": return "inst.Rs1";
                case "rs2": return "inst.Rs2";
                case "rs3": return "inst.Rs3";
                case "rm": return "inst.Rm";
                case "imm": return "inst.Imm";
                case "csr": return "inst.Csr";
                default: return $"IsaFields.{field.MethodName}(raw)";
            }
        }

        private static string PrintStatement(FieldModel field, string value)
        {
            switch (field.Kind)
            {
                case "x":
                case "xc":
                    return $"w.AppendIntegerRegister({value});";
                case "f":
                case "fc":
                    return $"w.AppendFloatRegister({value});";
                case "simm":
                case "uimm":
                case "flag":
                    return $"w.AppendDecimal({value});";
                case "hex":
                    return $"w.AppendHex((ulong){value});";
                case "upper":
                    return $"w.AppendHex((ulong)({value} >> 12) & 0xFFFFF);";
                case "pcrel":
                    return $"w.AppendAddress(pc + (ulong){value});";
                case "csr":
                    return $"w.AppendCsr({value});";
                case "rm":
                    return $"w.AppendRoundingMode({value});";
                case "fence":
                    return $"w.AppendFenceSet(({value} >> {field.LowValueBit}) & 0xF);";
                default:
                    return $"w.AppendDecimal({value});";
            }
        }

        public static string EmitCsrNames(IsaModel model)
        {
            var w = new CodeWriter();
            w.Line("namespace Translator.Isa;");
            w.Line();
            w.Open("public static partial class CsrNames");
            w.Line("/// <summary>The name of a CSR as the disassembler prints it (csr.isa), or null when it has none.</summary>");
            w.Open("public static string? GetName(int csr)");
            w.Open("return csr switch");
            foreach (var csr in model.Csrs)
                w.Line($"0x{csr.Number:X3} => \"{csr.Name}\",");
            w.Line("_ => null,");
            w.Close(";");
            w.Close();
            w.Close();
            return w.ToString();
        }
    }
}
