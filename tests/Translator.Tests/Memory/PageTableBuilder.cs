using Translator.Memory;

namespace Translator.Tests.Memory;

/// <summary>Builds Sv39 page tables in guest RAM for MMU tests.</summary>
public sealed class PageTableBuilder
{
    private readonly Ram _ram;
    private ulong _nextTable;

    public PageTableBuilder(Ram ram, ulong tableArea)
    {
        _ram = ram;
        _nextTable = tableArea;
        Root = AllocateTable();
    }

    public ulong Root { get; }

    public ulong Satp => (8UL << 60) | (Root >> 12);

    /// <summary>Maps the page at <paramref name="va"/> (level 0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB) and returns the PTE's address.</summary>
    public ulong Map(ulong va, ulong pa, ulong flags, int level = 0)
    {
        ulong table = Root;
        for (int l = 2; l > level; l--)
        {
            ulong slot = table + ((va >> (12 + 9 * l)) & 511) * 8;
            ulong pte = _ram.Read(slot, 8);
            if ((pte & PageTableEntry.Valid) == 0)
            {
                ulong next = AllocateTable();
                pte = ((next >> 12) << 10) | PageTableEntry.Valid;
                _ram.Write(slot, 8, pte);
            }
            table = ((pte >> 10) & PageTableEntry.PpnMask) << 12;
        }
        ulong leafSlot = table + ((va >> (12 + 9 * level)) & 511) * 8;
        _ram.Write(leafSlot, 8, ((pa >> 12) << 10) | flags | PageTableEntry.Valid);
        return leafSlot;
    }

    public ulong ReadPte(ulong address) => _ram.Read(address, 8);

    private ulong AllocateTable()
    {
        ulong table = _nextTable;
        _nextTable += 4096;
        _ram.Span.Slice((int)(table - _ram.Base), 4096).Clear();
        return table;
    }
}
