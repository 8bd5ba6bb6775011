namespace Translator.Isa;

/// <summary>Appends disassembly text into a caller's span without allocating.</summary>
internal ref struct TextSink
{
    private static readonly string[] s_integerRegisters =
    [
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
        "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
    ];

    private static readonly string[] s_floatRegisters =
    [
        "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
        "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
    ];

    // Modes 5 and 6 are reserved; objdump prints them as "unknown".
    private static readonly string[] s_roundingModes = ["rne", "rtz", "rdn", "rup", "rmm", "unknown", "unknown", "dyn"];

    // Fence sets are printed as the letters i, o, r, w that are set; objdump prints an empty set as "unknown".
    private static readonly string[] s_fenceSets =
    [
        "unknown", "w", "r", "rw", "o", "ow", "or", "orw", "i", "iw", "ir", "irw", "io", "iow", "ior", "iorw",
    ];

    private readonly Span<char> _destination;
    private int _length;

    public TextSink(Span<char> destination)
    {
        _destination = destination;
        _length = 0;
    }

    public readonly int Length => _length;

    public void Append(char c)
    {
        if ((uint)_length >= (uint)_destination.Length)
            ThrowTooShort();
        _destination[_length++] = c;
    }

    public void Append(string text)
    {
        if (!text.AsSpan().TryCopyTo(_destination[_length..]))
            ThrowTooShort();
        _length += text.Length;
    }

    public void AppendIntegerRegister(long number) => Append(s_integerRegisters[number & 31]);

    public void AppendFloatRegister(long number) => Append(s_floatRegisters[number & 31]);

    /// <summary>".aq", ".rl" or ".aqrl" after an A-extension mnemonic.</summary>
    public void AppendOrdering(bool aq, bool rl)
    {
        if (aq && rl)
            Append(".aqrl");
        else if (aq)
            Append(".aq");
        else if (rl)
            Append(".rl");
    }

    /// <summary>",rtz" and the like; nothing for the dynamic mode, which objdump leaves out.</summary>
    public void AppendRoundingMode(long rm)
    {
        if (rm == 7)
            return;
        Append(',');
        Append(s_roundingModes[rm & 7]);
    }

    public void AppendFenceSet(long set) => Append(s_fenceSets[set & 15]);

    /// <summary>A CSR by name, or as 0x%x when it has none.</summary>
    public void AppendCsr(long csr)
    {
        string? name = CsrNames.GetName((int)csr);
        if (name != null)
            Append(name);
        else
            AppendHex((ulong)csr);
    }

    public void AppendDecimal(long value)
    {
        ulong magnitude = (ulong)value;
        if (value < 0)
        {
            Append('-');
            magnitude = (ulong)(-(value + 1)) + 1;
        }
        AppendDigits(magnitude, 10);
    }

    /// <summary>"0x" followed by lowercase hex digits without leading zeros.</summary>
    public void AppendHex(ulong value)
    {
        Append("0x");
        AppendDigits(value, 16);
    }

    /// <summary>A branch or jump target: lowercase hex without prefix or leading zeros, as objdump prints addresses.</summary>
    public void AppendAddress(ulong address) => AppendDigits(address, 16);

    private void AppendDigits(ulong value, uint radix)
    {
        Span<char> digits = stackalloc char[20];
        int count = 0;
        do
        {
            uint digit = (uint)(value % radix);
            digits[count++] = (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
            value /= radix;
        }
        while (value != 0);
        while (count > 0)
            Append(digits[--count]);
    }

    private static void ThrowTooShort()
        => throw new ArgumentException("The destination is too short for the disassembly text.", "destination");
}
