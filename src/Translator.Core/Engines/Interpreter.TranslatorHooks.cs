using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Translator.Hart;
using Translator.Isa;

namespace Translator.Engines;

// The one entry the block translator uses to run an instruction it does not emit itself (floating point, atomics)
// with this interpreter's definition of it, in the middle of a compiled block.
public sealed partial class Interpreter
{
    /// <summary>
    /// Executes one F/D (including flw/fld/fsw/fsd) or A instruction on the registers in <see cref="ExecutionEngine.Hart"/>.
    /// Returns false when it raised an exception, described by <paramref name="cause"/> and <paramref name="tval"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal bool ExecuteForTranslator(in DecodedInstruction d, out ExceptionCause cause, out ulong tval)
    {
        ref ulong x = ref MemoryMarshal.GetArrayDataReference(Hart.X);
        var completion = d.Opcode switch
        {
            Opcode.Flw or Opcode.Fld or Opcode.Fsw or Opcode.Fsd when !FpuOn() => Illegal(in d),
            Opcode.Flw => LoadFloat(ref x, in d, 4) ? Completion.Retired : MemoryFault(),
            Opcode.Fld => LoadFloat(ref x, in d, 8) ? Completion.Retired : MemoryFault(),
            Opcode.Fsw => StoreFloat(ref x, in d, 4) ? Completion.Retired : MemoryFault(),
            Opcode.Fsd => StoreFloat(ref x, in d, 8) ? Completion.Retired : MemoryFault(),
            _ when d.Info.Has(InstructionFlags.Amo) => ExecuteAtomic(in d),
            _ => ExecuteFloatingPoint(in d),
        };
        cause = _trapCause;
        tval = _trapValue;
        return completion != Completion.Trap;
    }
}
