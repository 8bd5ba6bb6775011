using Translator.Memory;

namespace Translator.UserMode.Memory;

/// <summary>
/// Hands out 4 KiB physical pages of guest RAM for page tables and user pages. The first <see cref="LinearSize"/>
/// bytes of RAM are the linear frames: the one at offset v belongs to user page v alone (see
/// <see cref="LinearUserWindow"/>). The rest is a pool: fresh pages come from a bump pointer (RAM is allocated
/// zeroed and committed lazily, so untouched pages cost nothing); freed pages are zeroed and reused first.
/// </summary>
public sealed unsafe class PhysicalPageAllocator
{
    /// <summary>The page size.</summary>
    public const ulong PageSize = 4096;

    private readonly Ram _ram;
    private readonly Stack<ulong> _free = new();
    private ulong _next;

    /// <summary>Creates an allocator over all of <paramref name="ram"/>, whose first <paramref name="linearSize"/> bytes are linear frames.</summary>
    public PhysicalPageAllocator(Ram ram, ulong linearSize = 0)
    {
        _ram = ram;
        LinearSize = Math.Min(linearSize & ~(PageSize - 1), ram.Size & ~(PageSize - 1));
        _next = ((ram.Base + PageSize - 1) & ~(PageSize - 1)) + LinearSize;
    }

    /// <summary>Bytes at the start of RAM given only as the linear frames of user pages below this.</summary>
    public ulong LinearSize { get; }

    /// <summary>Pages currently handed out.</summary>
    public ulong PagesInUse { get; private set; }

    /// <summary>Pages still available.</summary>
    public ulong PagesFree => (_ram.Base + _ram.Size - _next) / PageSize + (ulong)_free.Count;

    /// <summary>The end of the highest pool page ever handed out: pool RAM above it has never been given to anyone and is zero.</summary>
    public ulong HighWater => _next;

    /// <summary>
    /// Takes the frame for user page <paramref name="virtualPage"/>: its linear frame when it has one (the caller
    /// owns that page), else a pool page. False when RAM is exhausted.
    /// </summary>
    public bool TryAllocateFor(ulong virtualPage, out ulong physical)
    {
        if (virtualPage + PageSize > LinearSize)
            return TryAllocate(out physical);
        physical = _ram.Base + virtualPage;
        PagesInUse++;
        return true;
    }

    /// <summary>Whether <paramref name="physical"/> is the linear frame of user page <paramref name="virtualPage"/>.</summary>
    public bool IsLinearFrame(ulong virtualPage, ulong physical) => virtualPage + PageSize <= LinearSize && physical == _ram.Base + virtualPage;
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

    /// <summary>Zeroes the physically contiguous pages of [physical, physical+length), which stay handed out (<see cref="Ram.Discard"/>).</summary>
    public void Zero(ulong physical, ulong length) => _ram.Discard(physical, length);

    /// <summary>Returns a page; it is zeroed now so the next owner sees zeros.</summary>
    public void Free(ulong physical) => FreeRun(physical, PageSize);

    /// <summary>
    /// Returns the physically contiguous pages of [physical, physical+length), zeroed now so that their next owners
    /// see zeros; the host takes the memory back (<see cref="Ram.Discard"/>), so freeing pages never touched costs
    /// little.
    /// </summary>
    public void FreeRun(ulong physical, ulong length)
    {
        Zero(physical, length);
        for (ulong page = physical; page < physical + length; page += PageSize)
        {
            if (page >= _ram.Base + LinearSize)
                _free.Push(page); // a linear frame waits for its own page to be mapped again
            PagesInUse--;
        }
    }

    /// <summary>The physical address of a host address inside RAM.</summary>
    public ulong Physical(byte* host) => _ram.Base + (ulong)(host - _ram.Pointer);

    /// <summary>The host address of a physical address in RAM.</summary>
    public byte* Host(ulong physical) => _ram.Pointer + (physical - _ram.Base);
}
