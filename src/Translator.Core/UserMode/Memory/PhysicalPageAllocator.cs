using Translator.Memory;

namespace Translator.UserMode.Memory;

/// <summary>
/// Hands out 4 KiB physical pages of guest RAM for page tables and user pages. Fresh pages come from a bump
/// pointer (RAM is allocated zeroed and committed lazily, so untouched pages cost nothing); freed pages are
/// zeroed and reused first.
/// </summary>
public sealed unsafe class PhysicalPageAllocator
{
    /// <summary>The page size.</summary>
    public const ulong PageSize = 4096;

    private readonly Ram _ram;
    private readonly Stack<ulong> _free = new();
    private ulong _next;

    /// <summary>Creates an allocator over all of <paramref name="ram"/>.</summary>
    public PhysicalPageAllocator(Ram ram)
    {
        _ram = ram;
        _next = (ram.Base + PageSize - 1) & ~(PageSize - 1);
    }

    /// <summary>Pages currently handed out.</summary>
    public ulong PagesInUse { get; private set; }

    /// <summary>Pages still available.</summary>
    public ulong PagesFree => (_ram.Base + _ram.Size - _next) / PageSize + (ulong)_free.Count;

    /// <summary>The end of the highest page ever handed out: RAM above it has never been given to anyone and is zero.</summary>
    public ulong HighWater => _next;

    /// <summary>Takes a zeroed page; false when RAM is exhausted.</summary>
    public bool TryAllocate(out ulong physical)
    {
        if (_free.TryPop(out physical))
        {
            PagesInUse++;
            return true;
        }
        if (_next + PageSize > _ram.Base + _ram.Size)
        {
            physical = 0;
            return false;
        }
        physical = _next;
        _next += PageSize;
        PagesInUse++;
        return true;
    }

    /// <summary>Returns a page; it is zeroed now so the next owner sees zeros.</summary>
    public void Free(ulong physical)
    {
        new Span<byte>(Host(physical), (int)PageSize).Clear();
        _free.Push(physical);
        PagesInUse--;
    }

    /// <summary>The physical address of a host address inside RAM.</summary>
    public ulong Physical(byte* host) => _ram.Base + (ulong)(host - _ram.Pointer);

    /// <summary>The host address of a physical address in RAM.</summary>
    public byte* Host(ulong physical) => _ram.Pointer + (physical - _ram.Base);
}
