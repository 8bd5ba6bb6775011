using System.Buffers.Binary;
using Translator.Hart;
using Translator.UserMode.Memory;

namespace Translator.UserMode;

/// <summary>
/// Runs guest signal handlers as Linux riscv64 does: <see cref="Deliver"/> pushes the kernel's struct rt_sigframe
/// (a siginfo, then a ucontext holding every x and f register, fcsr, the pc to resume at, the blocked mask and
/// the alternate stack) on the stack the action asks for, and enters the handler with a0 = signal, a1 = &amp;siginfo,
/// a2 = &amp;ucontext and ra at a trampoline that calls rt_sigreturn; <see cref="Return"/> takes the frame down
/// again, with whatever the handler changed in it.
/// </summary>
/// <remarks>
/// Layout (Linux uapi asm/ucontext.h and asm/sigcontext.h): ucontext is uc_flags, uc_link, uc_stack (24 bytes),
/// uc_sigmask (8 bytes, padded to 128), then at offset 176 the 16-aligned mcontext: pc and x1..x31, then the D
/// extension's f0..f31 and fcsr inside a 528-byte FP union. glibc's ucontext_t and mcontext_t have the same layout.
/// </remarks>
public sealed class SignalFrames
{
    private const int UcontextSize = 960, FrameSize = SiginfoSize + UcontextSize;
    private const int UcStack = 16, UcSigmask = 40, UcMcontext = 176;
    private const int McFloat = UcMcontext + 32 * 8, McFcsr = McFloat + 32 * 8;
    private const int SsSp = 0, SsFlags = 8, SsSize = 16, SsOnStack = 1, SsDisable = 2;
    private const int FrameAlignment = 16;
    private const int FflagsBits = 5;
    private static readonly ulong Unblockable = SignalState.Bit(Abi.Signal.SIGKILL) | SignalState.Bit(Abi.Signal.SIGSTOP);

    // li a7, 139 (rt_sigreturn); ecall: what the vDSO's __vdso_rt_sigreturn holds.
    private static readonly uint[] TrampolineCode = { 0x08B0_0893, 0x0000_0073 };

    private readonly HartState _hart;
    private readonly AddressSpace _memory;
    private readonly Func<SignalState> _currentSignals;

    /// <summary>Creates the frame builder for one process's hart and memory, and the signal state of the thread running.</summary>
    public SignalFrames(HartState hart, AddressSpace memory, Func<SignalState> currentSignals)
    {
        _hart = hart;
        _memory = memory;
        _currentSignals = currentSignals;
    }

    private SignalState Signals => _currentSignals();

    /// <summary>Maps the page holding the trampoline handlers return to; false when the page cannot be mapped.</summary>
    public bool MapTrampoline()
    {
        if (!_memory.TryMap(UserLayout.SignalReturnPage, AddressSpace.PageSize, Protection.Read | Protection.Execute))
            return false;
        var code = new byte[TrampolineCode.Length * sizeof(uint)];
        for (int i = 0; i < TrampolineCode.Length; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(code.AsSpan(i * sizeof(uint)), TrampolineCode[i]);
        _memory.WriteIgnoringProtection(UserLayout.SignalReturnPage, code);
        return true;
    }

    /// <summary>The size of the riscv64 siginfo_t.</summary>
    public const int SiginfoSize = 128;

    /// <summary>Fills a zeroed siginfo_t for <paramref name="signal"/> raised as <paramref name="info"/> says.</summary>
    public static void WriteSiginfo(Span<byte> siginfo, int signal, SignalInfo info)
    {
        BinaryPrimitives.WriteInt32LittleEndian(siginfo, signal);
        BinaryPrimitives.WriteInt32LittleEndian(siginfo[8..], info.Code);
        if (info.Address is ulong address)
            BinaryPrimitives.WriteUInt64LittleEndian(siginfo[16..], address);
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(siginfo[16..], info.SenderPid);
            BinaryPrimitives.WriteUInt32LittleEndian(siginfo[20..], info.SenderUid);
        }
    }

    /// <summary>
    /// Enters the handler of <paramref name="signal"/> with the hart's state saved in a frame below its stack. False
    /// (nothing changed) when the frame, at <paramref name="frame"/>, cannot be written there: the kernel then kills
    /// the process with SIGSEGV.
    /// </summary>
    public bool Deliver(int signal, SignalInfo info, out ulong frame)
    {
        ulong flags = Signals.Flags(signal);
        var alternate = Signals.AlternateStack;
        ulong altBase = BinaryPrimitives.ReadUInt64LittleEndian(alternate.AsSpan(SsSp));
        ulong altSize = BinaryPrimitives.ReadUInt64LittleEndian(alternate.AsSpan(SsSize));
        bool altEnabled = (BinaryPrimitives.ReadInt32LittleEndian(alternate.AsSpan(SsFlags)) & SsDisable) == 0 && altSize > 0;
        ulong sp = _hart.X[Registers.Sp];
        bool onAlternate = altEnabled && sp - altBase < altSize; // sp == top counts as off it, as Linux has it
        if ((flags & SignalState.SaOnStack) != 0 && altEnabled && !onAlternate)
            sp = altBase + altSize;
        frame = (sp - FrameSize) & ~(ulong)(FrameAlignment - 1);

        var bytes = new byte[FrameSize];
        WriteSiginfo(bytes.AsSpan(0, SiginfoSize), signal, info);

        var context = bytes.AsSpan(SiginfoSize, UcontextSize);
        alternate.CopyTo(context[UcStack..]);
        int altFlags = !altEnabled ? SsDisable : onAlternate ? SsOnStack : 0; // as at the interruption
        BinaryPrimitives.WriteInt32LittleEndian(context[(UcStack + SsFlags)..], altFlags);
        BinaryPrimitives.WriteUInt64LittleEndian(context[UcSigmask..], Signals.MaskAfterHandler ?? Signals.Blocked);
        BinaryPrimitives.WriteUInt64LittleEndian(context[UcMcontext..], _hart.Pc);
        for (int r = 1; r < 32; r++)
            BinaryPrimitives.WriteUInt64LittleEndian(context[(UcMcontext + r * 8)..], _hart.X[r]);
        for (int r = 0; r < 32; r++)
            BinaryPrimitives.WriteUInt64LittleEndian(context[(McFloat + r * 8)..], _hart.F[r]);
        BinaryPrimitives.WriteUInt32LittleEndian(context[McFcsr..], _hart.Csrs.Fflags | (_hart.Csrs.Frm << FflagsBits));

        if (!_memory.TryWrite(frame, bytes))
            return false;

        _hart.X[Registers.Ra] = UserLayout.SignalReturnPage;
        _hart.X[Registers.Sp] = frame;
        _hart.X[Registers.A0] = (ulong)signal;
        _hart.X[Registers.A1] = frame;
        _hart.X[Registers.A2] = frame + SiginfoSize;
        _hart.Pc = Signals.Handler(signal);
        Signals.MaskAfterHandler = null;
        ulong blocked = Signals.Blocked | Signals.HandlerMask(signal);
        if ((flags & SignalState.SaNoDefer) == 0)
            blocked |= SignalState.Bit(signal);
        Signals.Blocked = blocked & ~Unblockable;
        if ((flags & SignalState.SaResetHand) != 0)
            Signals.ResetToDefault(signal);
        return true;
    }

    /// <summary>
    /// rt_sigreturn: restores the registers, pc, FP state and blocked mask from the frame at sp. False when the
    /// frame cannot be read (the kernel then kills the process with SIGSEGV).
    /// </summary>
    public bool Return()
    {
        var context = new byte[UcontextSize];
        if (!_memory.TryRead(_hart.X[Registers.Sp] + SiginfoSize, context))
            return false;
        var span = context.AsSpan();
        _hart.Pc = BinaryPrimitives.ReadUInt64LittleEndian(span[UcMcontext..]);
        for (int r = 1; r < 32; r++)
            _hart.X[r] = BinaryPrimitives.ReadUInt64LittleEndian(span[(UcMcontext + r * 8)..]);
        for (int r = 0; r < 32; r++)
            _hart.F[r] = BinaryPrimitives.ReadUInt64LittleEndian(span[(McFloat + r * 8)..]);
        uint fcsr = BinaryPrimitives.ReadUInt32LittleEndian(span[McFcsr..]);
        _hart.Csrs.Fflags = fcsr & ((1u << FflagsBits) - 1);
        _hart.Csrs.Frm = (fcsr >> FflagsBits) & 7;
        _hart.Csrs.Mstatus |= MstatusBits.Fs; // the kernel's restore marks the FP state dirty
        Signals.Blocked = BinaryPrimitives.ReadUInt64LittleEndian(span[UcSigmask..]) & ~Unblockable;
        return true;
    }
}
