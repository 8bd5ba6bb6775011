using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Translator.Engines.Translation;

/// <summary>
/// The translator's start-up work, done on the other core while the caller loads the program and builds the machine:
/// the region compiler's thread starts, RyuJIT compiles the dispatcher's loop (which ReadyToRun leaves to it), and one
/// small region is compiled, which loads the code generator and the runtime's DynamicMethod support before the first
/// hot block waits for them. Each costs 10–20 ms otherwise, on the guest's thread or as a delay to the first
/// compiled region. (The interpreter's loop is precompiled: it needs none of this.)
/// </summary>
public static class TranslatorWarmUp
{
    /// <summary>Starts the warm-up; returns at once.</summary>
    public static void Begin()
    {
        var thread = new Thread(WarmUp) { IsBackground = true, Name = "rvt warm-up" };
        thread.Start();
    }

    internal static void WarmUp()
    {
        BackgroundCompiler.Start();
        RuntimeHelpers.PrepareMethod(typeof(TranslatorEngine).GetMethod(nameof(TranslatorEngine.Run))!.MethodHandle);
        CompileSampleRegion();
    }

    // A loop with a load, a store, integer and FP arithmetic and a return, compiled for the user linear window and
    // never run: the window's addresses are placeholders.
    internal static readonly uint[] SampleCode =
    [
        0x00053583, // ld a1, 0(a0)
        0x00850513, // addi a0, a0, 8
        0x00b60633, // add a2, a2, a1
        0x00c52223, // sw a2, 4(a0)
        0xfed518e3, // bne a0, a3, (the ld)
        0x02b57553, // fadd.d fa0, fa0, fa1
        0x00008067, // ret
    ];

    /// <summary>Emits and compiles the sample region; returns it (for tests).</summary>
    internal static unsafe CompiledRegion CompileSampleRegion()
    {
        byte* page = (byte*)NativeMemory.AllocZeroed(GuestBlock.PageSize);
        try
        {
            new ReadOnlySpan<uint>(SampleCode).CopyTo(new Span<uint>(page, SampleCode.Length));
            const ulong pc = 0x10000;
            var guest = GuestBlock.ScanRegion(page, 0, pc, [new SeenRun(5 * sizeof(uint), 1)], []); // the run after the loop was "seen" too
            var placeholder = (nint)page;
            var access = new MemoryAccess(null, null, new LinearWindow(placeholder, 1, placeholder));
            var region = BlockTranslator.Translate(guest, pc, guest.PhysicalRanges(pc), null!, null!, access, inlineDynamicRounding: true);
            region.Compile();
            return region;
        }
        finally
        {
            NativeMemory.Free(page);
        }
    }
}
