namespace Translator.Tools.Fuzzing;

/// <summary>Appends instruction words to a fuzz program's code and keeps the instruction list.</summary>
public sealed class CodeEmitter
{
    private readonly List<byte> _bytes = new();
    private readonly List<FuzzInstruction> _instructions = new();

    /// <summary>The address of the next instruction.</summary>
    public ulong Pc => FuzzLayout.CodeBase + (ulong)_bytes.Count;

    /// <summary>The code so far.</summary>
    public IReadOnlyList<byte> Bytes => _bytes;

    /// <summary>The instructions so far.</summary>
    public IReadOnlyList<FuzzInstruction> Instructions => _instructions;

    /// <summary>Appends a fuzzed instruction of <paramref name="length"/> bytes.</summary>
    public void Fuzzed(uint raw, int length, ulong? dataAddress) => Append(raw, length, false, dataAddress);

    /// <summary>Appends a 32-bit scaffolding instruction.</summary>
    public void Scaffold(uint raw) => Append(raw, 4, true, null);

    /// <summary>Sets <paramref name="register"/> to <paramref name="value"/> with auipc+addi (value near the code).</summary>
    public void SetRegister(int register, ulong value)
    {
        var (upper, lower) = InstructionEncoder.SplitPcRelative((long)(value - Pc));
        Scaffold(InstructionEncoder.AuipcWord(register, upper));
        Scaffold(InstructionEncoder.Addi(register, register, lower));
    }

    /// <summary>Sets the low 32 bits of <paramref name="register"/> to <paramref name="value"/> with lui+addi.</summary>
    public void LoadLow32(int register, uint value)
    {
        int lower = (int)((value & 0xFFF) ^ 0x800) - 0x800;
        int upper = (int)(((value - (uint)lower) >> 12) & 0xFFFFF);
        Scaffold(InstructionEncoder.LuiWord(register, upper));
        Scaffold(InstructionEncoder.Addi(register, register, lower));
    }

    /// <summary>Pads with a compressed no-op to a 4-byte boundary (for mtvec).</summary>
    public void AlignTo4()
    {
        if (_bytes.Count % 4 != 0)
            Append(0x0001, 2, true, null); // c.nop
    }

    private void Append(uint raw, int length, bool scaffold, ulong? dataAddress)
    {
        if (_bytes.Count + length > (int)FuzzLayout.CodeLimit)
            throw new InvalidOperationException("fuzz program exceeds its code region");
        _instructions.Add(new FuzzInstruction(Pc, raw, scaffold, dataAddress));
        for (int i = 0; i < length; i++)
            _bytes.Add((byte)(raw >> (8 * i)));
    }
}
