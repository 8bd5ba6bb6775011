using Translator.Generators.Model;

namespace Translator.Generators.Emit
{
    /// <summary>Emits the Opcode enum: Invalid, then one member per spec line in spec order.</summary>
    internal static class OpcodeEmitter
    {
        public static string Emit(IsaModel model)
        {
            var w = new CodeWriter();
            w.Line("namespace Translator.Isa;");
            w.Line();
            w.Line("/// <summary>Every instruction of the spec. Compressed forms (C...) decode to the opcode of their 32-bit expansion; the form itself is kept in <see cref=\"DecodedInstruction.Form\"/>.</summary>");
            w.Open("public enum Opcode : ushort");
            w.Line("/// <summary>No instruction: an illegal, reserved or unknown encoding.</summary>");
            w.Line("Invalid = 0,");
            foreach (var inst in model.Instructions)
            {
                string doc = $"<c>{CodeWriter.Xml(inst.Summary)}</c> ({inst.Extension})";
                if (inst.ExpandsTo != null)
                    doc += $"; expands to <see cref=\"{inst.ExpandsTo}\"/>";
                else if (inst.IsIllegal)
                    doc += "; defined to be illegal";
                w.Line($"/// <summary>{doc}.</summary>");
                w.Line(inst.OpcodeName + ",");
            }
            w.Close();
            return w.ToString();
        }
    }
}
