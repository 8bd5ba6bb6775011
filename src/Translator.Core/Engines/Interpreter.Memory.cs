using System.Runtime.CompilerServices;
using Translator.Isa;
using Translator.Memory;

namespace Translator.Engines;

// Integer loads and stores. They go through the MMU (misaligned accesses are performed); a fault
// returns false with the MMU's FaultCause/FaultValue describing it.
public sealed partial class Interpreter
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Load(Mmu mmu, ref ulong x, in DecodedInstruction d, int width, bool signed)
    {
        if (!mmu.Load(R(ref x, d.Rs1) + (ulong)d.Imm, width, out ulong value))
            return false;
        if (signed)
        {
            value = width switch
            {
                1 => (ulong)(long)(sbyte)value,
                2 => (ulong)(long)(short)value,
                _ => (ulong)(long)(int)value,
            };
        }
        R(ref x, d.Rd) = value;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Store(Mmu mmu, ref ulong x, in DecodedInstruction d, int width) =>
        mmu.Store(R(ref x, d.Rs1) + (ulong)d.Imm, width, R(ref x, d.Rs2));
}
