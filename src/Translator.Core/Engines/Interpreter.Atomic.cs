using Translator.Hart;
using Translator.Isa;

namespace Translator.Engines;

// A extension. The MMU translates and checks the address (natural alignment, RAM only); the
// read-modify-write then happens on the physical address through the bus, so a watched RAM range
// (HTIF tohost) still sees AMO stores. aq/rl need nothing here: one hart, accesses in program order.
//
// LR/SC: LR records the physical address in HartState's reservation. SC succeeds only if a reservation
// is held for the same physical address; it always clears the reservation, and so does every trap and xRET.
// A failing SC still checks alignment and access first (it traps like a store would). Plain stores to the
// reserved address do not clear it; with a single hart the specification allows that.
public sealed partial class Interpreter
{
    private Completion ExecuteAtomic(in DecodedInstruction d)
    {
        return d.Opcode switch
        {
            Opcode.LrW => LoadReserved(in d, 4),
            Opcode.LrD => LoadReserved(in d, 8),
            Opcode.ScW => StoreConditional(in d, 4),
            Opcode.ScD => StoreConditional(in d, 8),
            Opcode.AmoswapW or Opcode.AmoaddW or Opcode.AmoxorW or Opcode.AmoandW or Opcode.AmoorW
                or Opcode.AmominW or Opcode.AmomaxW or Opcode.AmominuW or Opcode.AmomaxuW => MemoryOperation(in d, 4),
            _ => MemoryOperation(in d, 8),
        };
    }

    private Completion LoadReserved(in DecodedInstruction d, int width)
    {
        var hart = Hart;
        if (!Mmu.TranslateAtomic(hart.X[d.Rs1], width, isLoadReserved: true, out ulong physical))
            return MemoryFault();
        if (!Mmu.Bus.Read(physical, width, out ulong value))
            return AtomicAccessFault(ExceptionCause.LoadAccessFault, hart.X[d.Rs1]);
        hart.ReservationValid = true;
        hart.ReservationAddress = physical;
        WriteX(d.Rd, width == 4 ? SignExtend32(value) : value);
        return Completion.Retired;
    }

    private Completion StoreConditional(in DecodedInstruction d, int width)
    {
        var hart = Hart;
        if (!Mmu.TranslateAtomic(hart.X[d.Rs1], width, isLoadReserved: false, out ulong physical))
            return MemoryFault();
        bool success = hart.ReservationValid && hart.ReservationAddress == physical;
        hart.ReservationValid = false;
        if (success && !Mmu.Bus.Write(physical, width, hart.X[d.Rs2]))
            return AtomicAccessFault(ExceptionCause.StoreAccessFault, hart.X[d.Rs1]);
        WriteX(d.Rd, success ? 0UL : 1UL);
        return Completion.Retired;
    }

    private Completion MemoryOperation(in DecodedInstruction d, int width)
    {
        var hart = Hart;
        ulong address = hart.X[d.Rs1];
        if (!Mmu.TranslateAtomic(address, width, isLoadReserved: false, out ulong physical))
            return MemoryFault();
        if (!Mmu.Bus.Read(physical, width, out ulong old))
            return AtomicAccessFault(ExceptionCause.StoreAccessFault, address);
        ulong operand = hart.X[d.Rs2];
        ulong result = width == 4 ? AmoWord(d.Opcode, (uint)old, (uint)operand) : AmoDouble(d.Opcode, old, operand);
        if (!Mmu.Bus.Write(physical, width, result))
            return AtomicAccessFault(ExceptionCause.StoreAccessFault, address);
        WriteX(d.Rd, width == 4 ? SignExtend32(old) : old);
        return Completion.Retired;
    }

    private static ulong AmoWord(Opcode op, uint old, uint operand) => op switch
    {
        Opcode.AmoswapW => operand,
        Opcode.AmoaddW => old + operand,
        Opcode.AmoxorW => old ^ operand,
        Opcode.AmoandW => old & operand,
        Opcode.AmoorW => old | operand,
        Opcode.AmominW => (uint)Math.Min((int)old, (int)operand),
        Opcode.AmomaxW => (uint)Math.Max((int)old, (int)operand),
        Opcode.AmominuW => Math.Min(old, operand),
        _ => Math.Max(old, operand), // AmomaxuW
    };

    private static ulong AmoDouble(Opcode op, ulong old, ulong operand) => op switch
    {
        Opcode.AmoswapD => operand,
        Opcode.AmoaddD => old + operand,
        Opcode.AmoxorD => old ^ operand,
        Opcode.AmoandD => old & operand,
        Opcode.AmoorD => old | operand,
        Opcode.AmominD => (ulong)Math.Min((long)old, (long)operand),
        Opcode.AmomaxD => (ulong)Math.Max((long)old, (long)operand),
        Opcode.AmominuD => Math.Min(old, operand),
        _ => Math.Max(old, operand), // AmomaxuD
    };

    // The MMU vouched for the address, so this only happens if the bus changed underneath it.
    private Completion AtomicAccessFault(ExceptionCause cause, ulong address)
    {
        _trapCause = cause;
        _trapValue = address;
        return Completion.Trap;
    }

    /// <summary>Writes an integer register outside the hot loop, keeping x0 zero.</summary>
    private void WriteX(int rd, ulong value)
    {
        if (rd != 0)
            Hart.X[rd] = value;
    }
}
