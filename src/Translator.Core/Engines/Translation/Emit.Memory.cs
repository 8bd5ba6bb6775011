using System.Reflection.Emit;
using Translator.Isa;
using Translator.Memory;

namespace Translator.Engines.Translation;

// Integer loads and stores. In a block that may access RAM directly (M-mode without MPRV or locked PMP entries)
// the RAM case is inline: bounds check, host pointer add, unaligned read or write; a store also checks its granule's
// flag so that stores into translated code or HTIF's watched words leave the inline path. The user linear window and
// the TLB hit are inline the same way. An access that cannot stay inline (MMIO, a TLB miss, a fault, a flagged store)
// leaves the region before the instruction, and the dispatcher runs that instruction in the interpreter: no call on
// the main path means RyuJIT need not keep guest registers in the stack frame across calls that almost never
// happen. A block with no inline path (M-mode checked by PMP) calls the MMU through BlockRuntime for every access;
// a fault exits with the instruction's pc and the count of instructions retired before it.
internal sealed partial class BlockTranslator
{
    private const int PageShift = 12;
    private const long PageOffsetMask = (1L << PageShift) - 1;

    private static bool IsMemoryOpcode(Opcode op) => op is
        Opcode.Lb or Opcode.Lh or Opcode.Lw or Opcode.Ld or Opcode.Lbu or Opcode.Lhu or Opcode.Lwu
        or Opcode.Sb or Opcode.Sh or Opcode.Sw or Opcode.Sd;

    private bool TryEmitMemory(in DecodedInstruction d, int index)
    {
        switch (d.Opcode)
        {
            case Opcode.Lb: Load(in d, index, 1, signed: true); return true;
            case Opcode.Lh: Load(in d, index, 2, signed: true); return true;
            case Opcode.Lw: Load(in d, index, 4, signed: true); return true;
            case Opcode.Ld: Load(in d, index, 8, signed: false); return true;
            case Opcode.Lbu: Load(in d, index, 1, signed: false); return true;
            case Opcode.Lhu: Load(in d, index, 2, signed: false); return true;
            case Opcode.Lwu: Load(in d, index, 4, signed: false); return true;
            case Opcode.Sb: Store(in d, index, 1); return true;
            case Opcode.Sh: Store(in d, index, 2); return true;
            case Opcode.Sw: Store(in d, index, 4); return true;
            case Opcode.Sd: Store(in d, index, 8); return true;
            default: return false;
        }
    }

    /// <summary>Leaves _address = rs1 + imm, the virtual address.</summary>
    private void EffectiveAddress(in DecodedInstruction d)
    {
        LoadRegister(d.Rs1);
        if (d.Imm != 0)
        {
            _il.Emit(OpCodes.Ldc_I8, d.Imm);
            _il.Emit(OpCodes.Add);
        }
        _il.Emit(OpCodes.Stloc, _address);
    }

    /// <summary>Pushes the host address of _address in RAM (the caller has checked the bounds).</summary>
    private void HostAddress(RamWindow ram) => AddressPlus((long)ram.Host - (long)ram.Base);

    /// <summary>
    /// Pushes _address + <paramref name="hostOffset"/> as a host pointer: one constant, so that RyuJIT folds it into
    /// the access as a displacement when it fits (see Ram).
    /// </summary>
    private void AddressPlus(long hostOffset)
    {
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Ldc_I8, hostOffset);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Add);
    }

    /// <summary>Branches to <paramref name="outside"/> unless [_address, _address + width) lies in RAM.</summary>
    private void BranchUnlessInRam(RamWindow ram, int width, Label outside)
    {
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldc_I8, (long)ram.Base);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Ldc_I8, (long)(ram.Size - (ulong)width));
        _il.Emit(OpCodes.Bgt_Un, outside);
    }

    private void Load(in DecodedInstruction d, int index, int width, bool signed)
    {
        int rd = d.Rd;
        EmitLoad(in d, index, width, () =>
        {
            // The loaded value (zero-extended) is on the stack.
            if (signed && width < 8)
            {
                _il.Emit(width == 1 ? OpCodes.Conv_I1 : width == 2 ? OpCodes.Conv_I2 : OpCodes.Conv_I4);
                _il.Emit(OpCodes.Conv_I8);
            }
            StoreRegister(rd);
        });
    }

    private void Store(in DecodedInstruction d, int index, int width)
    {
        int rs2 = d.Rs2;
        EmitStore(in d, index, width, () => LoadRegister(rs2));
    }

    /// <summary>
    /// A load of <paramref name="width"/> bytes at rs1 + imm: inline when the block has an inline path and the access
    /// takes it, else through the MMU; <paramref name="toDestination"/> pops the zero-extended value into place.
    /// </summary>
    private void EmitLoad(in DecodedInstruction d, int index, int width, Action toDestination)
    {
        ulong pc = _block.Pcs[index];
        EffectiveAddress(in d);
        if (HasInlinePath)
        {
            InlineAccessAddress(in d, index, AccessKind.Read, width);
            _il.Emit(OpCodes.Unaligned, (byte)1);
            _il.Emit(width switch { 1 => OpCodes.Ldind_U1, 2 => OpCodes.Ldind_U2, 4 => OpCodes.Ldind_U4, _ => OpCodes.Ldind_I8 });
            if (width < 8)
                _il.Emit(OpCodes.Conv_U8);
            toDestination();
            return;
        }
        PublishRetired(index);
        LoadRuntime();
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldc_I4, width);
        _il.Emit(OpCodes.Ldloca, _value);
        EmitCall(typeof(BlockRuntime), nameof(BlockRuntime.Load), typeof(ulong), typeof(int), typeof(ulong).MakeByRefType());
        _il.Emit(OpCodes.Brfalse, OutOfLine(() => ExitBefore(index, pc, BlockExitKind.Trap)));
        _il.Emit(OpCodes.Ldloc, _value);
        toDestination();
    }

    /// <summary>A store of the low <paramref name="width"/> bytes of the value <paramref name="pushValue"/> pushes, at rs1 + imm.</summary>
    private void EmitStore(in DecodedInstruction d, int index, int width, Action pushValue)
    {
        ulong pc = _block.Pcs[index];
        EffectiveAddress(in d);
        if (HasInlinePath)
        {
            InlineAccessAddress(in d, index, AccessKind.Write, width);
            pushValue();
            if (width < 8)
                _il.Emit(width == 1 ? OpCodes.Conv_U1 : width == 2 ? OpCodes.Conv_U2 : OpCodes.Conv_U4);
            _il.Emit(OpCodes.Unaligned, (byte)1);
            _il.Emit(width switch { 1 => OpCodes.Stind_I1, 2 => OpCodes.Stind_I2, 4 => OpCodes.Stind_I4, _ => OpCodes.Stind_I8 });
            return;
        }
        var done = _il.DefineLabel();
        ulong next = pc + d.Length;
        PublishRetired(index);
        LoadRuntime();
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldc_I4, width);
        pushValue();
        EmitCall(typeof(BlockRuntime), nameof(BlockRuntime.Store), typeof(ulong), typeof(int), typeof(ulong));
        _il.Emit(OpCodes.Switch, new[]
        {
            done,
            OutOfLine(() => ExitBefore(index, pc, BlockExitKind.Trap)),
            OutOfLine(() => ExitAfter(index, next, BlockExitKind.StoreEnded)),
        });
        _il.MarkLabel(done);
    }

    /// <summary>Whether the block's loads and stores have an inline path (else every access calls the MMU).</summary>
    private bool HasInlinePath => _ram != null || _linear != null || _tlb != null;

    /// <summary>
    /// Pushes the host address of _address for an inline access by the block's memory path (RAM, the user linear
    /// window or the TLB), branching to <paramref name="slow"/> when the access cannot take it.
    /// </summary>
    private void InlineHostAddress(AccessKind kind, int width, Label slow)
    {
        if (_ram is { } ram)
        {
            BranchUnlessInRam(ram, width, slow);
            if (kind == AccessKind.Write)
                BranchIfRamGranuleFlagged(ram, slow);
            HostAddress(ram);
        }
        else if (_linear is { } linear)
            LinearHostAddress(linear, kind, width, slow);
        else
            TlbHostAddress(_tlb!, kind, width, slow);
    }

    /// <summary>
    /// The inline TLB hit: pushes the host address of _address, or branches to <paramref name="miss"/> unless the
    /// slot for the access kind holds the page, the access is aligned to its width (so it stays in the page), and the
    /// slot lets the block's permission context at plain RAM (and, for a store, the granule it starts in holds no
    /// translated code and is not watched). One compare tests the page and the alignment: the address, masked to its
    /// page number and its misaligned low bits, rotated right by 12 equals the slot's page number only when those
    /// bits are clear.
    /// </summary>
    private void TlbHostAddress(TlbWindow tlb, AccessKind kind, int width, Label miss)
    {
        _il.Emit(OpCodes.Ldc_I8, (long)(tlb.Entries + (nint)((int)kind * Tlb.Sets * tlb.EntrySize)));
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldc_I4, PageShift);
        _il.Emit(OpCodes.Shr_Un);
        _il.Emit(OpCodes.Ldc_I8, (long)(Tlb.Sets - 1));
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Ldc_I8, (long)tlb.EntrySize);
        _il.Emit(OpCodes.Mul);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, _entry);

        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldc_I8, (long)(~PageOffsetMask | (width - 1)));
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Stloc, _value);
        _il.Emit(OpCodes.Ldloc, _value);
        _il.Emit(OpCodes.Ldc_I4, PageShift);
        _il.Emit(OpCodes.Shr_Un);
        _il.Emit(OpCodes.Ldloc, _value);
        _il.Emit(OpCodes.Ldc_I4, 64 - PageShift);
        _il.Emit(OpCodes.Shl);
        _il.Emit(OpCodes.Or);
        _il.Emit(OpCodes.Ldloc, _entry);
        _il.Emit(OpCodes.Ldc_I4, tlb.VpnOffset);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Ldind_I8);
        _il.Emit(OpCodes.Bne_Un, miss);

        _il.Emit(OpCodes.Ldloc, _entry);
        _il.Emit(OpCodes.Ldc_I4, tlb.InlineOffset);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Ldind_U1);
        _il.Emit(OpCodes.Ldc_I4, tlb.ContextBit);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Brfalse, miss);

        _il.Emit(OpCodes.Ldloc, _entry);
        _il.Emit(OpCodes.Ldc_I4, tlb.HostOffset);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Ldind_I);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldc_I8, PageOffsetMask);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Add);
        if (kind != AccessKind.Write)
            return;

        _il.Emit(OpCodes.Stloc, _host);
        BranchIfGranuleFlagged(tlb.GranuleFlags, () =>
        {
            _il.Emit(OpCodes.Ldloc, _host);
            _il.Emit(OpCodes.Ldc_I8, (long)tlb.RamHost);
            _il.Emit(OpCodes.Conv_U);
            _il.Emit(OpCodes.Sub);
        }, miss);
        _il.Emit(OpCodes.Ldloc, _host);
    }

    /// <summary>
    /// The user linear window: pushes the host address of _address when it lies in the window, is aligned to its
    /// width and its page's access byte allows the access (for a store, <see cref="LinearUserWindow.StoreInline"/>:
    /// writable, and no translated code in the page); else branches to <paramref name="miss"/>. One test of the
    /// address against a mask covers both the window (the table of access bytes has a power-of-two length) and the
    /// alignment, which also keeps the access inside one page. Misaligned accesses, rare in compiled code, and pages outside the
    /// window (MAP_FIXED ones) take the slow path.
    /// </summary>
    private void LinearHostAddress(LinearWindow linear, AccessKind kind, int width, Label miss)
    {
        ulong outside = ~((linear.AccessEntries << PageShift) - 1);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldc_I8, (long)(outside | (uint)(width - 1)));
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Brtrue, miss);
        _il.Emit(OpCodes.Ldloc, _address);
        _il.Emit(OpCodes.Ldc_I4, PageShift);
        _il.Emit(OpCodes.Shr_Un);
        _il.Emit(OpCodes.Ldc_I8, (long)linear.Access);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Ldind_U1);
        // A store needs StoreInline: writable, and no translated code in the page (so no granule test).
        _il.Emit(OpCodes.Ldc_I4, kind == AccessKind.Write ? (int)LinearUserWindow.StoreInline : LinearUserWindow.Readable);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Brfalse, miss);
        AddressPlus((long)linear.RamHost);
    }

    /// <summary>Branches to <paramref name="slow"/> when the RAM granule of a store at _address is flagged.</summary>
    private void BranchIfRamGranuleFlagged(RamWindow ram, Label slow) =>
        BranchIfGranuleFlagged(ram.GranuleFlags, () =>
        {
            _il.Emit(OpCodes.Ldloc, _address);
            _il.Emit(OpCodes.Ldc_I8, (long)ram.Base);
            _il.Emit(OpCodes.Sub);
        }, slow);

    /// <summary>
    /// Branches to <paramref name="slow"/> when the granule a store starts in is flagged (translated code, a watched
    /// word); <paramref name="pushRamOffset"/> pushes the store's offset from RAM's start.
    /// </summary>
    private void BranchIfGranuleFlagged(nint granuleFlags, Action pushRamOffset, Label slow)
    {
        _il.Emit(OpCodes.Ldc_I8, (long)granuleFlags);
        _il.Emit(OpCodes.Conv_U);
        pushRamOffset();
        _il.Emit(OpCodes.Ldc_I4, Mmu.CodeGranuleShift);
        _il.Emit(OpCodes.Shr_Un);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Ldind_U1);
        _il.Emit(OpCodes.Brtrue, slow);
    }
}
