using System.Runtime.CompilerServices;
using Translator.Hart;

namespace Translator.Memory;

/// <summary>
/// The single path for every guest fetch, load, store and AMO of both engines. It translates a
/// virtual address for the access kind and performs the access, returning false on a fault with
/// <see cref="FaultCause"/> and <see cref="FaultValue"/> (the xtval) set, never throwing.
/// Translation is Bare for now: the hart runs in M-mode with physical addressing.
/// </summary>
public sealed class Mmu
{
    private readonly Bus _bus;
    private readonly Ram _ram;

    /// <summary>Creates the MMU for one hart on a bus.</summary>
    public Mmu(HartState hart, Bus bus)
    {
        Hart = hart;
        _bus = bus;
        _ram = bus.Ram;
    }

    /// <summary>The hart whose privilege and CSRs govern translation.</summary>
    public HartState Hart { get; }

    /// <summary>The bus behind the MMU.</summary>
    public Bus Bus => _bus;

    /// <summary>The exception the last failed access raises.</summary>
    public ExceptionCause FaultCause { get; private set; }

    /// <summary>The xtval of the last failed access: the faulting virtual address.</summary>
    public ulong FaultValue { get; private set; }

    /// <summary>Fetches the instruction at <paramref name="pc"/>: 16 bits, and 16 more if it is a 32-bit instruction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Fetch(ulong pc, out uint raw)
    {
        if (_ram.Contains(pc, 4))
        {
            raw = (uint)_ram.Read(pc, 4);
            if ((raw & 3) != 3) raw &= 0xFFFF;
            return true;
        }
        return FetchSlow(pc, out raw);
    }

    private bool FetchSlow(ulong pc, out uint raw)
    {
        raw = 0;
        if (!_bus.Read(pc, 2, out ulong low))
            return Fail(ExceptionCause.InstructionAccessFault, pc);
        if ((low & 3) != 3)
        {
            raw = (uint)low;
            return true;
        }
        // The second parcel may lie elsewhere; a fault there reports its own address.
        if (!_bus.Read(pc + 2, 2, out ulong high))
            return Fail(ExceptionCause.InstructionAccessFault, pc + 2);
        raw = (uint)(low | (high << 16));
        return true;
    }

    /// <summary>Loads <paramref name="width"/> bytes (zero-extended). Misaligned loads are performed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Load(ulong address, int width, out ulong value)
    {
        if (_ram.Contains(address, width))
        {
            value = _ram.Read(address, width);
            return true;
        }
        return LoadSlow(address, width, out value);
    }

    private bool LoadSlow(ulong address, int width, out ulong value)
    {
        if (_bus.Read(address, width, out value))
            return true;
        return Fail(ExceptionCause.LoadAccessFault, address);
    }

    /// <summary>Stores the low <paramref name="width"/> bytes of <paramref name="value"/>. Misaligned stores are performed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Store(ulong address, int width, ulong value)
    {
        if (_ram.Contains(address, width) && !_bus.IsWatched(address, width))
        {
            _ram.Write(address, width, value);
            return true;
        }
        return StoreSlow(address, width, value);
    }

    private bool StoreSlow(ulong address, int width, ulong value)
    {
        if (_bus.Write(address, width, value))
            return true;
        return Fail(ExceptionCause.StoreAccessFault, address);
    }

    /// <summary>
    /// Translates the address of an AMO, LR or SC. These must be naturally aligned (a misaligned one raises
    /// address-misaligned, or load-misaligned for LR) and must target RAM (else an access fault).
    /// </summary>
    public bool TranslateAtomic(ulong address, int width, bool isLoadReserved, out ulong physical)
    {
        physical = address;
        if ((address & (ulong)(width - 1)) != 0)
            return Fail(isLoadReserved ? ExceptionCause.LoadAddressMisaligned : ExceptionCause.StoreAddressMisaligned, address);
        if (!_ram.Contains(address, width))
            return Fail(isLoadReserved ? ExceptionCause.LoadAccessFault : ExceptionCause.StoreAccessFault, address);
        return true;
    }

    private bool Fail(ExceptionCause cause, ulong address)
    {
        FaultCause = cause;
        FaultValue = address;
        return false;
    }
}
