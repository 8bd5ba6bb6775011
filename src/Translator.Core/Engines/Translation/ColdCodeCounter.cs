namespace Translator.Engines.Translation;

/// <summary>
/// Counts how often the watched interpreter reaches block starts that have no block yet, so that code run only a
/// few times (a boot's one-off initialisation, most of it) never costs a block: looking the code up through the MMU,
/// decoding it and caching a block cost more than interpreting it. A direct-mapped table: a pc that loses its slot
/// starts again, which only delays its block.
/// </summary>
internal sealed class ColdCodeCounter
{
    /// <summary>Arrivals at a pc, the one that asks for a block included, before it gets a block.</summary>
    public const int BlockAfter = 3;

    private const int Bits = 12;
    private readonly ulong[] _pcs = new ulong[1 << Bits];
    private readonly int[] _contexts = new int[1 << Bits];
    private readonly byte[] _counts = new byte[1 << Bits];

    /// <summary>Counts an arrival at <paramref name="pc"/> in lookup context <paramref name="context"/>; whether it should have a block now.</summary>
    public bool WantsBlock(ulong pc, int context)
    {
        int slot = (int)(pc >> 1) & ((1 << Bits) - 1);
        if (_pcs[slot] != pc || _contexts[slot] != context || _counts[slot] == 0)
        {
            _pcs[slot] = pc;
            _contexts[slot] = context;
            _counts[slot] = 1;
            return BlockAfter <= 1;
        }
        if (_counts[slot] < BlockAfter)
            _counts[slot]++;
        return _counts[slot] >= BlockAfter;
    }
}
