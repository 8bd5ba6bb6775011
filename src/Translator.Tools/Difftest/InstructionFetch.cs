using Translator.Machines;
using Translator.Memory;

namespace Translator.Tools.Difftest;

/// <summary>Reads instruction bits the way the hart would fetch them, for reports; never traps.</summary>
public static class InstructionFetch
{
    /// <summary>The instruction at virtual address <paramref name="pc"/> in the hart's current context, or null.</summary>
    public static uint? TryRead(ISlicedMachine machine, ulong pc)
    {
        if (!TryReadParcel(machine, pc, out ulong low))
            return null;
        if ((low & 3) != 3)
            return (uint)low;
        if (!TryReadParcel(machine, pc + 2, out ulong high))
            return null;
        return (uint)(low | (high << 16));
    }

    private static bool TryReadParcel(ISlicedMachine machine, ulong address, out ulong value)
    {
        value = 0;
        return machine.Mmu.TryTranslate(address, AccessKind.Execute, out ulong physical) && machine.Bus.Read(physical, 2, out value);
    }
}
