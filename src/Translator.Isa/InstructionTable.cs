namespace Translator.Isa;

/// <summary>Metadata of every opcode, generated from the spec.</summary>
public static partial class InstructionTable
{
    /// <summary>The metadata of <paramref name="op"/>; Invalid (and out-of-range values) give the "invalid" entry.</summary>
    public static ref readonly InstructionInfo Get(Opcode op)
    {
        var entries = s_entries;
        uint index = (uint)op;
        if (index >= (uint)entries.Length)
            index = 0;
        return ref entries[index];
    }
}
