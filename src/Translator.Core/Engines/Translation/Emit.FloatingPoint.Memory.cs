using System.Reflection.Emit;
using Translator.Isa;

namespace Translator.Engines.Translation;

// flw, fld, fsw, fsd: the integer loads' and stores' inline RAM and TLB paths (Emit.Memory.cs), with an f register.
internal sealed partial class BlockTranslator
{
    /// <summary>flw/fld: the integer load's paths, into an f register (a single NaN-boxed).</summary>
    private void FloatLoad(in DecodedInstruction d, int index, int width)
    {
        int rd = d.Rd;
        EmitLoad(in d, index, width, () =>
        {
            BoxIfSingle(width);
            StoreFloatBits(rd);
        });
        MarkFloatDirty();
    }

    private void BoxIfSingle(int width)
    {
        if (width != 4)
            return;
        _il.Emit(OpCodes.Ldc_I8, unchecked((long)NanBoxUpper));
        _il.Emit(OpCodes.Or);
    }

    /// <summary>fsw/fsd: the integer store's paths, storing the low bits of an f register untouched.</summary>
    private void FloatStore(in DecodedInstruction d, int index, int width)
    {
        int rs2 = d.Rs2;
        EmitStore(in d, index, width, () => LoadFloatRegister(rs2));
    }
}
