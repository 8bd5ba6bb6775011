namespace Translator.Isa;

/// <summary>Static facts about one opcode, from its spec line.</summary>
public readonly struct InstructionInfo
{
    internal InstructionInfo(string mnemonic, Extension extension, InstructionFlags flags, byte memoryWidth, bool memorySigned, PrivilegeLevel privilege, byte length, Opcode expandsTo, uint encodingMask, uint encodingMatch)
    {
        Mnemonic = mnemonic;
        Extension = extension;
        Flags = flags;
        MemoryWidth = memoryWidth;
        MemorySigned = memorySigned;
        Privilege = privilege;
        Length = length;
        ExpandsTo = expandsTo;
        EncodingMask = encodingMask;
        EncodingMatch = encodingMatch;
    }

    /// <summary>Assembler mnemonic, e.g. "fcvt.w.s" or "c.addi".</summary>
    public string Mnemonic { get; }

    /// <summary>The extension that defines the instruction.</summary>
    public Extension Extension { get; }

    /// <summary>Behaviour flags.</summary>
    public InstructionFlags Flags { get; }

    /// <summary>Bytes accessed in memory, 0 if none.</summary>
    public byte MemoryWidth { get; }

    /// <summary>True when loaded data is sign-extended.</summary>
    public bool MemorySigned { get; }

    /// <summary>The lowest privilege level the instruction may run at (before mstatus traps such as TVM/TW/TSR).</summary>
    public PrivilegeLevel Privilege { get; }

    /// <summary>Encoded length in bytes (2 or 4); 0 for Invalid.</summary>
    public byte Length { get; }

    /// <summary>For a compressed form, the 32-bit opcode it expands to; otherwise the opcode itself. Invalid for the defined-illegal c.unimp and unimp.</summary>
    public Opcode ExpandsTo { get; }

    /// <summary>The bits the spec fixes for this form (operand and ignored fields are 0).</summary>
    public uint EncodingMask { get; }

    /// <summary>The values of the fixed bits: a word is this form when (word &amp; EncodingMask) == EncodingMatch (before reserved cases and overrides).</summary>
    public uint EncodingMatch { get; }

    /// <summary>Shorthand for a flag test.</summary>
    public bool Has(InstructionFlags flag) => (Flags & flag) == flag;
}
