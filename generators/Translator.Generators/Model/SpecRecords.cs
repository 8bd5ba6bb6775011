namespace Translator.Generators.Model
{
    /// <summary>A place in a spec file, kept as plain values so it can live in a cached model.</summary>
    internal sealed record SourceSpan(string Path, int Start, int Length, int Line, int StartColumn, int EndColumn);

    /// <summary>One slice of a field: instruction bits InstHi..InstLo land in value bits starting at ValueLo.</summary>
    internal sealed record BitPiece(int InstHi, int InstLo, int ValueLo)
    {
        public int Width => InstHi - InstLo + 1;

        public int ValueHi => ValueLo + Width - 1;
    }

    /// <summary>`field NAME KIND SLOT PIECES` as written.</summary>
    internal sealed record FieldSpec(string Name, string Kind, string Slot, EquatableArray<BitPiece> Pieces, SourceSpan Where);

    /// <summary>`hi..lo=value` in an instruction's encoding.</summary>
    internal sealed record EncodingItem(int Hi, int Lo, ulong Value, SourceSpan Where);

    /// <summary>A name written somewhere in a line (an operand, a +field, an override target).</summary>
    internal sealed record NameRef(string Name, SourceSpan Where);

    /// <summary>`field=value` inside reserved(...), hint(...), canon(...).</summary>
    internal sealed record FieldTest(string Field, long Value, SourceSpan Where);

    /// <summary>All tests of one reserved(...)/hint(...)/canon(...) group; they must all hold.</summary>
    internal sealed record Condition(EquatableArray<FieldTest> Tests, SourceSpan Where);

    /// <summary>`slot=value` after `=>`: value is a field of the line, a register name, or a number.</summary>
    internal sealed record SlotAssignment(string Slot, string Value, SourceSpan Where);

    internal sealed record ExpansionSpec(NameRef Target, EquatableArray<SlotAssignment> Assignments);

    /// <summary>One instruction line as written, before any cross-line checks.</summary>
    internal sealed record InstructionSpec(
        NameRef Name,
        NameRef Operands,
        EquatableArray<EncodingItem> Encoding,
        EquatableArray<NameRef> ExtraFields,
        NameRef? Extension,
        EquatableArray<NameRef> Flags,
        int LoadWidth,
        bool LoadUnsigned,
        int StoreWidth,
        NameRef? Privilege,
        NameRef? Overrides,
        EquatableArray<Condition> Reserved,
        EquatableArray<Condition> Hints,
        EquatableArray<Condition> Canonical,
        EquatableArray<FieldTest> Constants,
        ExpansionSpec? Expansion,
        SourceSpan Where);

    internal sealed record CsrSpec(int Number, string Name, SourceSpan Where);

    /// <summary>A problem found in the spec, as plain values (Roslyn Diagnostics are not equatable).</summary>
    internal sealed record DiagnosticInfo(string Id, string Message, SourceSpan Where);

    /// <summary>What one spec file contains.</summary>
    internal sealed record ParsedFile(
        string Path,
        EquatableArray<FieldSpec> Fields,
        EquatableArray<InstructionSpec> Instructions,
        EquatableArray<CsrSpec> Csrs,
        EquatableArray<DiagnosticInfo> Diagnostics);
}
