namespace Translator.Tools.Fuzzing;

/// <summary>Random register and memory values biased towards the edge cases engines get wrong.</summary>
public static class InterestingValues
{
    private static readonly ulong[] Integers =
    [
        0, 1, 2, ulong.MaxValue, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0x7FFF_FFFF, 0x8000_0000,
        0xFFFF_FFFF, 0xFFFF_FFFF_8000_0000, 0x1_0000_0000, 0xFF, 0x80, 0xFFFF, 0x8000, 63, 64, 31, 32,
    ];

    private static readonly ulong[] Doubles =
    [
        0x0000_0000_0000_0000, 0x8000_0000_0000_0000, 0x3FF0_0000_0000_0000, 0xBFF0_0000_0000_0000,
        0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x7FF8_0000_0000_0000, 0x7FF4_0000_0000_0000,
        0xFFF8_0000_0000_0001, 0x0000_0000_0000_0001, 0x000F_FFFF_FFFF_FFFF, 0x0010_0000_0000_0000,
        0x7FEF_FFFF_FFFF_FFFF, 0x43E0_0000_0000_0000, 0xC3E0_0000_0000_0000, 0x41E0_0000_0000_0000,
        0x3FE0_0000_0000_0000, 0x4330_0000_0000_0000, 0x3CB0_0000_0000_0000,
    ];

    private static readonly uint[] Singles =
    [
        0x0000_0000, 0x8000_0000, 0x3F80_0000, 0xBF80_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0x7FA0_0000,
        0xFFC0_0001, 0x0000_0001, 0x007F_FFFF, 0x0080_0000, 0x7F7F_FFFF, 0x5F00_0000, 0xDF00_0000, 0x4F00_0000,
        0x3F00_0000, 0x4B00_0000, 0x3400_0000,
    ];

    /// <summary>An integer register value.</summary>
    public static ulong Integer(FuzzRandom random) => random.Below(4) switch
    {
        0 => random.Pick(Integers),
        1 => (ulong)(long)(int)random.Next64(),
        2 => (ulong)(random.Below(4096) - 2048),
        _ => random.Next64(),
    };

    /// <summary>A floating-point register value: a double, a NaN-boxed single, or an improperly boxed single.</summary>
    public static ulong Float(FuzzRandom random) => random.Below(6) switch
    {
        0 => random.Pick(Doubles),
        1 => 0xFFFF_FFFF_0000_0000 | random.Pick(Singles),
        2 => 0xFFFF_FFFF_0000_0000 | (uint)random.Next64(),
        3 => random.Next64() & 0x000F_FFFF_FFFF_FFFF | (ulong)random.Below(3) * 0x3FF0_0000_0000_0000,
        4 => random.Pick(Singles), // not NaN-boxed: single-precision reads see the canonical NaN
        _ => random.Next64(),
    };

    /// <summary>Fills a data region with random bytes and edge-case FP and integer values.</summary>
    public static void FillData(FuzzRandom random, Span<byte> data)
    {
        for (int offset = 0; offset + 8 <= data.Length; offset += 8)
        {
            ulong value = random.Below(3) switch
            {
                0 => Float(random),
                1 => Integer(random),
                _ => ((ulong)random.Pick(Singles) << 32) | random.Pick(Singles),
            };
            BitConverter.TryWriteBytes(data[offset..], value);
        }
    }
}
