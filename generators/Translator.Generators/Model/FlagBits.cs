namespace Translator.Generators.Model
{
    /// <summary>Bit values of Translator.Isa.InstructionFlags, which the generated table spells out by name.</summary>
    internal static class FlagBits
    {
        public const uint EndsBlock = 1, Branch = 2, Jump = 4, Load = 8, Store = 16, Amo = 32, FloatingPoint = 64,
            HasRoundingMode = 128, Privileged = 256, Compressed = 512, Csr = 1024, Fence = 2048;

        public static readonly (uint Bit, string Name)[] Names =
        {
            (EndsBlock, "EndsBlock"), (Branch, "Branch"), (Jump, "Jump"), (Load, "Load"), (Store, "Store"), (Amo, "Amo"),
            (FloatingPoint, "FloatingPoint"), (HasRoundingMode, "HasRoundingMode"), (Privileged, "Privileged"),
            (Compressed, "Compressed"), (Csr, "Csr"), (Fence, "Fence"),
        };
    }
}
