namespace Translator.Generators.Model
{
    /// <summary>A validated operand field, ready for code generation.</summary>
    internal sealed record FieldModel(string Name, string Kind, string Slot, EquatableArray<BitPiece> Pieces)
    {
        public bool IsSigned => Kind == "simm" || Kind == "pcrel" || Kind == "upper";

        public int TopValueBit
        {
            get
            {
                int top = 0;
                foreach (var p in Pieces)
                    top = System.Math.Max(top, p.ValueHi);
                return top;
            }
        }

        public int LowValueBit
        {
            get
            {
                int low = 63;
                foreach (var p in Pieces)
                    low = System.Math.Min(low, p.ValueLo);
                return low;
            }
        }

        /// <summary>C# identifier of the generated extraction method.</summary>
        public string MethodName => Naming.ToPascal(Name);
    }

    /// <summary>One token of an operand list: a field, or literal text such as "," "(" or "sp".</summary>
    internal sealed record OperandToken(bool IsField, string Text);

    internal sealed record FieldValueTest(string Field, long Value);

    internal sealed record ConditionModel(EquatableArray<FieldValueTest> Tests);

    /// <summary>Where one DecodedInstruction slot gets its value: a field, or a constant.</summary>
    internal sealed record SlotSource(string Slot, string? Field, long Constant);

    /// <summary>A validated instruction, ready for code generation.</summary>
    internal sealed record InstructionModel(
        string Mnemonic,
        string OpcodeName,
        string Extension,
        int Length,
        uint Mask,
        uint Match,
        EquatableArray<OperandToken> Syntax,
        EquatableArray<SlotSource> Slots,
        uint Flags,
        int MemoryWidth,
        bool MemorySigned,
        int Privilege,
        string? Overrides,
        EquatableArray<ConditionModel> Reserved,
        EquatableArray<ConditionModel> Canonical,
        string? ExpandsTo,
        bool IsIllegal,
        bool HasOrderingBits,
        string Summary);

    internal sealed record CsrModel(int Number, string Name);

    /// <summary>Everything the emitters need; holds no Roslyn objects and no source positions.</summary>
    internal sealed record IsaModel(
        EquatableArray<FieldModel> Fields,
        EquatableArray<InstructionModel> Instructions,
        EquatableArray<CsrModel> Csrs);

    /// <summary>The validated model together with every problem found while building it.</summary>
    internal sealed record BuildResult(IsaModel Model, EquatableArray<DiagnosticInfo> Diagnostics);
}
