using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Translator.Hart;
using Translator.Isa;
using Translator.Memory;
using Translator.Privileged;
using Translator.SoftFloat;

namespace Translator.Engines;

/// <summary>
/// The reference interpreter: it defines the semantics that the translator is checked against.
/// One <c>switch</c> over <see cref="Opcode"/> dispatches the common integer, branch and memory instructions
/// inline; the rarer areas (atomics, floating point, system) live in the other partial files.
/// </summary>
/// <remarks>
/// Decoded instructions are cached in a direct-mapped array indexed by pc. Each entry is validated against the
/// freshly fetched raw bits, and decoding depends on nothing else, so self-modifying code, <c>fence.i</c> and
/// changes of mapping can never run a stale decode; the cache needs no invalidation.
/// Fetches read the raw bits straight from a cached host pointer to the current code page, which the MMU
/// vouches for (<see cref="Mmu.TryGetFetchPage"/>); it is dropped on every trap, CSR write, xRET and sfence.vma,
/// the only ways the fetch translation can change.
/// </remarks>
public sealed unsafe partial class Interpreter : ExecutionEngine
{
    private const int CacheBits = 15;
    private const int CacheMask = (1 << CacheBits) - 1;

    // Pinned, so the hot loop reaches it through a field-held pointer instead of a register-hungry ref local.
    private readonly DecodedInstruction[] _cache = GC.AllocateArray<DecodedInstruction>(1 << CacheBits, pinned: true);
    private readonly DecodedInstruction* _cacheBase;
    private readonly MachineStop _stop;

    // Why the current run stops, once it does.
    private StopReason _stopReason;

    // The trap raised by the current instruction, set by the helpers that return a failure.
    private ExceptionCause _trapCause;
    private ulong _trapValue;

    // Retired instructions of the current run already added to minstret/mcycle (see FlushCounters).
    private long _flushedRetired;

    // The current run's budget and how many of its instructions trapped instead of retiring.
    private long _budget;
    private long _trapped, _interruptsTaken;

    // The watch of the current run, if any (RunWatched).
    private IBlockEntryWatch? _watch;
    private long _remainingNow;
    private bool _running;

    // The fetch cache: the virtual page number of the current code page and its host address.
    private const int PageShift = 12;
    private const ulong PageOffsetMask = (1UL << PageShift) - 1;
    private const ulong LastWordOffset = PageOffsetMask - 3; // a 4-byte read from here stays in the page
    private const ulong NoPage = ulong.MaxValue;
    private ulong _fetchVpn = NoPage;
    private byte* _fetchPage;
    // What the fetch page was translated under (FetchPageStillMapped).
    private Translator.Hart.PrivilegeLevel _fetchPrivilege;
    private ulong _fetchGeneration, _fetchMappingEpoch;

    // mip as of the last interrupt check. A device store (CLINT msip, PLIC complete) can raise an interrupt
    // mid-run; stores compare mip with this to notice without checking interrupts on every instruction.
    private ulong _mipSeen;

    /// <summary>Creates an interpreter for one hart.</summary>
    /// <param name="hart">The architectural state to run.</param>
    /// <param name="mmu">The hart's memory path.</param>
    /// <param name="time">The source of the <c>time</c> CSR.</param>
    public Interpreter(HartState hart, Mmu mmu, CsrAccess.TimeSource time)
        : base(hart, mmu, time)
    {
        // Every slot starts as the decode of 0, so an untouched slot is self-consistent with its Raw tag. (A loop:
        // Array.Fill over this struct is generic code that start-up would wait for RyuJIT to compile.)
        var zero = Decoder.Decode(0);
        for (int i = 0; i < _cache.Length; i++)
            _cache[i] = zero;
        _cacheBase = (DecodedInstruction*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_cache));
        _stop = mmu.Bus.Stop;
        hart.PendingRetired = PendingRetired; // an engine that runs this one inside it replaces this
    }

    /// <summary>How an instruction handled outside the main switch completed.</summary>
    private enum Completion : byte
    {
        /// <summary>Retired; continue at the next pc.</summary>
        Retired,
        /// <summary>Raised the exception in _trapCause/_trapValue; it does not retire.</summary>
        Trap,
        /// <summary>Retired and may have enabled an interrupt or changed the fetch translation (CSR write).</summary>
        RetiredCheckInterrupts,
        /// <summary>Retired and set <see cref="HartState.Pc"/> to the next pc (xRET); as above otherwise.</summary>
        RetiredJumped,
        /// <summary>A wfi retired with nothing pending.</summary>
        RetiredWaiting,
    }

    /// <summary>Whether the last run took an exception or an interrupt, which may have changed the hart's context.</summary>
    internal bool LastRunTookTrap => _trapped != 0 || _interruptsTaken != 0;

    /// <summary>
    /// Runs as <see cref="Run"/> does, but asks <paramref name="watch"/> at every block entered by a branch or jump
    /// whether to go on, and hands back after any trap, interrupt or change of privilege, mstatus, satp or PMP: the
    /// translator runs cold code this way, a stretch at a time, counting the blocks it passes.
    /// </summary>
    internal StopReason RunWatched(long budget, IBlockEntryWatch watch)
    {
        _watch = watch;
        return Run(budget);
    }

    /// <inheritdoc/>
    // Precompiled (ReadyToRun), so that a run need not first wait ~45 ms for RyuJIT to compile this switch. Tiering
    // replaces it with optimized code after 30 calls: 30 slices (at most 2^20 instructions each) in the interpreter
    // engine, which measured as fast either way; soon in the translator's, whose dispatcher calls it per cold stretch.
    public override StopReason Run(long budget)
    {
        // Only x, pc, next and the countdown are locals: few enough to stay in registers across the calls.
        ref ulong x = ref MemoryMarshal.GetArrayDataReference(Hart.X);
        long remaining = Math.Max(budget, 0);
        _budget = remaining;
        _remainingNow = remaining;
        _flushedRetired = 0;
        _trapped = 0;
        _interruptsTaken = 0;
        _running = true;
        if (!FetchPageStillMapped())
            _fetchVpn = NoPage;
        _stopReason = StopReason.BudgetExhausted; // a field: a local would pin a register for the whole loop

        // Devices may have raised an interrupt while the machine ran them between calls.
        if (remaining > 0 && TrapUnit.TryTakeInterrupt(Hart))
            _interruptsTaken++;
        _mipSeen = Hart.Csrs.Mip;
        ulong pc = Hart.Pc;
        if (_interruptsTaken != 0 && _watch != null)
            goto Exit; // the watch's lookups assume the context the run was called in

        while (remaining > 0)
        {
            if (_stop.Requested)
            {
                _stopReason = StopReason.MachineStopRequested;
                break;
            }
            remaining--;
            _remainingNow = remaining; // for PendingRetired, should a device read the time
            uint raw;
            if ((pc >> PageShift) == _fetchVpn && (pc & PageOffsetMask) <= LastWordOffset)
            {
                raw = Unsafe.ReadUnaligned<uint>(_fetchPage + (pc & PageOffsetMask));
                if ((raw & 3) != 3)
                    raw &= 0xFFFF;
            }
            else
            {
                long fetched = FetchAndCachePage(pc);
                if (fetched < 0)
                    goto MemoryFault;
                raw = (uint)fetched;
            }
            ref DecodedInstruction d = ref _cacheBase[(pc >> 1) & CacheMask];
            if (d.Raw != raw)
            {
                Refill(pc, raw);
                d = ref _cacheBase[(pc >> 1) & CacheMask]; // re-derived so that d is not live across the call
            }
            ulong next = pc + d.Length;

            switch (d.Opcode)
            {
                // --- RV64I: upper immediates, jumps and branches
                case Opcode.Lui: R(ref x, d.Rd) = (ulong)d.Imm; break;
                case Opcode.Auipc: R(ref x, d.Rd) = pc + (ulong)d.Imm; break;
                case Opcode.Jal: R(ref x, d.Rd) = next; next = pc + (ulong)d.Imm; goto BlockEnd;
                case Opcode.Jalr:
                {
                    ulong target = (R(ref x, d.Rs1) + (ulong)d.Imm) & ~1UL;
                    R(ref x, d.Rd) = next;
                    next = target;
                    goto BlockEnd;
                }
                case Opcode.Beq: if (R(ref x, d.Rs1) == R(ref x, d.Rs2)) next = pc + (ulong)d.Imm; goto BlockEnd;
                case Opcode.Bne: if (R(ref x, d.Rs1) != R(ref x, d.Rs2)) next = pc + (ulong)d.Imm; goto BlockEnd;
                case Opcode.Blt: if ((long)R(ref x, d.Rs1) < (long)R(ref x, d.Rs2)) next = pc + (ulong)d.Imm; goto BlockEnd;
                case Opcode.Bge: if ((long)R(ref x, d.Rs1) >= (long)R(ref x, d.Rs2)) next = pc + (ulong)d.Imm; goto BlockEnd;
                case Opcode.Bltu: if (R(ref x, d.Rs1) < R(ref x, d.Rs2)) next = pc + (ulong)d.Imm; goto BlockEnd;
                case Opcode.Bgeu: if (R(ref x, d.Rs1) >= R(ref x, d.Rs2)) next = pc + (ulong)d.Imm; goto BlockEnd;

                // --- RV64I: loads and stores (Interpreter.Memory.cs)
                case Opcode.Lb: if (!Load(Mmu, ref x, in d, 1, signed: true)) goto MemoryFault; break;
                case Opcode.Lh: if (!Load(Mmu, ref x, in d, 2, signed: true)) goto MemoryFault; break;
                case Opcode.Lw: if (!Load(Mmu, ref x, in d, 4, signed: true)) goto MemoryFault; break;
                case Opcode.Ld: if (!Load(Mmu, ref x, in d, 8, signed: false)) goto MemoryFault; break;
                case Opcode.Lbu: if (!Load(Mmu, ref x, in d, 1, signed: false)) goto MemoryFault; break;
                case Opcode.Lhu: if (!Load(Mmu, ref x, in d, 2, signed: false)) goto MemoryFault; break;
                case Opcode.Lwu: if (!Load(Mmu, ref x, in d, 4, signed: false)) goto MemoryFault; break;
                case Opcode.Sb: if (!Store(Mmu, ref x, in d, 1)) goto MemoryFault; if (Hart.Csrs.Mip != _mipSeen) goto MipChanged; break;
                case Opcode.Sh: if (!Store(Mmu, ref x, in d, 2)) goto MemoryFault; if (Hart.Csrs.Mip != _mipSeen) goto MipChanged; break;
                case Opcode.Sw: if (!Store(Mmu, ref x, in d, 4)) goto MemoryFault; if (Hart.Csrs.Mip != _mipSeen) goto MipChanged; break;
                case Opcode.Sd: if (!Store(Mmu, ref x, in d, 8)) goto MemoryFault; if (Hart.Csrs.Mip != _mipSeen) goto MipChanged; break;

                // --- F/D loads and stores, frequent enough in FP code to skip ExecuteOther
                case Opcode.Flw: if (!FpuOn()) goto Illegal; if (!LoadFloat(ref x, in d, 4)) goto MemoryFault; break;
                case Opcode.Fld: if (!FpuOn()) goto Illegal; if (!LoadFloat(ref x, in d, 8)) goto MemoryFault; break;
                case Opcode.Fsw: if (!FpuOn()) goto Illegal; if (!StoreFloat(ref x, in d, 4)) goto MemoryFault; if (Hart.Csrs.Mip != _mipSeen) goto MipChanged; break;
                case Opcode.Fsd: if (!FpuOn()) goto Illegal; if (!StoreFloat(ref x, in d, 8)) goto MemoryFault; if (Hart.Csrs.Mip != _mipSeen) goto MipChanged; break;

                // --- RV64I: register-immediate
                case Opcode.Addi: R(ref x, d.Rd) = R(ref x, d.Rs1) + (ulong)d.Imm; break;
                case Opcode.Slti: R(ref x, d.Rd) = (long)R(ref x, d.Rs1) < d.Imm ? 1UL : 0; break;
                case Opcode.Sltiu: R(ref x, d.Rd) = R(ref x, d.Rs1) < (ulong)d.Imm ? 1UL : 0; break;
                case Opcode.Xori: R(ref x, d.Rd) = R(ref x, d.Rs1) ^ (ulong)d.Imm; break;
                case Opcode.Ori: R(ref x, d.Rd) = R(ref x, d.Rs1) | (ulong)d.Imm; break;
                case Opcode.Andi: R(ref x, d.Rd) = R(ref x, d.Rs1) & (ulong)d.Imm; break;
                case Opcode.Slli: R(ref x, d.Rd) = R(ref x, d.Rs1) << (int)d.Imm; break;
                case Opcode.Srli: R(ref x, d.Rd) = R(ref x, d.Rs1) >> (int)d.Imm; break;
                case Opcode.Srai: R(ref x, d.Rd) = (ulong)((long)R(ref x, d.Rs1) >> (int)d.Imm); break;
                case Opcode.Addiw: R(ref x, d.Rd) = SignExtend32(R(ref x, d.Rs1) + (ulong)d.Imm); break;
                case Opcode.Slliw: R(ref x, d.Rd) = SignExtend32((ulong)((uint)R(ref x, d.Rs1) << (int)d.Imm)); break;
                case Opcode.Srliw: R(ref x, d.Rd) = SignExtend32((ulong)((uint)R(ref x, d.Rs1) >> (int)d.Imm)); break;
                case Opcode.Sraiw: R(ref x, d.Rd) = (ulong)(long)((int)R(ref x, d.Rs1) >> (int)d.Imm); break;

                // --- RV64I: register-register (shift counts are masked by C# exactly as RISC-V masks them)
                case Opcode.Add: R(ref x, d.Rd) = R(ref x, d.Rs1) + R(ref x, d.Rs2); break;
                case Opcode.Sub: R(ref x, d.Rd) = R(ref x, d.Rs1) - R(ref x, d.Rs2); break;
                case Opcode.Sll: R(ref x, d.Rd) = R(ref x, d.Rs1) << (int)R(ref x, d.Rs2); break;
                case Opcode.Slt: R(ref x, d.Rd) = (long)R(ref x, d.Rs1) < (long)R(ref x, d.Rs2) ? 1UL : 0; break;
                case Opcode.Sltu: R(ref x, d.Rd) = R(ref x, d.Rs1) < R(ref x, d.Rs2) ? 1UL : 0; break;
                case Opcode.Xor: R(ref x, d.Rd) = R(ref x, d.Rs1) ^ R(ref x, d.Rs2); break;
                case Opcode.Srl: R(ref x, d.Rd) = R(ref x, d.Rs1) >> (int)R(ref x, d.Rs2); break;
                case Opcode.Sra: R(ref x, d.Rd) = (ulong)((long)R(ref x, d.Rs1) >> (int)R(ref x, d.Rs2)); break;
                case Opcode.Or: R(ref x, d.Rd) = R(ref x, d.Rs1) | R(ref x, d.Rs2); break;
                case Opcode.And: R(ref x, d.Rd) = R(ref x, d.Rs1) & R(ref x, d.Rs2); break;
                case Opcode.Addw: R(ref x, d.Rd) = SignExtend32(R(ref x, d.Rs1) + R(ref x, d.Rs2)); break;
                case Opcode.Subw: R(ref x, d.Rd) = SignExtend32(R(ref x, d.Rs1) - R(ref x, d.Rs2)); break;
                case Opcode.Sllw: R(ref x, d.Rd) = SignExtend32((ulong)((uint)R(ref x, d.Rs1) << (int)R(ref x, d.Rs2))); break;
                case Opcode.Srlw: R(ref x, d.Rd) = SignExtend32((ulong)((uint)R(ref x, d.Rs1) >> (int)R(ref x, d.Rs2))); break;
                case Opcode.Sraw: R(ref x, d.Rd) = (ulong)(long)((int)R(ref x, d.Rs1) >> (int)R(ref x, d.Rs2)); break;

                // --- M (Interpreter.Integer.cs)
                case Opcode.Mul: R(ref x, d.Rd) = R(ref x, d.Rs1) * R(ref x, d.Rs2); break;
                case Opcode.Mulh: R(ref x, d.Rd) = MulHighSigned(R(ref x, d.Rs1), R(ref x, d.Rs2)); break;
                case Opcode.Mulhsu: R(ref x, d.Rd) = MulHighSignedUnsigned(R(ref x, d.Rs1), R(ref x, d.Rs2)); break;
                case Opcode.Mulhu: R(ref x, d.Rd) = Math.BigMul(R(ref x, d.Rs1), R(ref x, d.Rs2), out _); break;
                case Opcode.Div: R(ref x, d.Rd) = DivSigned(R(ref x, d.Rs1), R(ref x, d.Rs2)); break;
                case Opcode.Divu: R(ref x, d.Rd) = DivUnsigned(R(ref x, d.Rs1), R(ref x, d.Rs2)); break;
                case Opcode.Rem: R(ref x, d.Rd) = RemSigned(R(ref x, d.Rs1), R(ref x, d.Rs2)); break;
                case Opcode.Remu: R(ref x, d.Rd) = RemUnsigned(R(ref x, d.Rs1), R(ref x, d.Rs2)); break;
                case Opcode.Mulw: R(ref x, d.Rd) = SignExtend32(R(ref x, d.Rs1) * R(ref x, d.Rs2)); break;
                case Opcode.Divw: R(ref x, d.Rd) = DivSignedWord(R(ref x, d.Rs1), R(ref x, d.Rs2)); break;
                case Opcode.Divuw: R(ref x, d.Rd) = DivUnsignedWord(R(ref x, d.Rs1), R(ref x, d.Rs2)); break;
                case Opcode.Remw: R(ref x, d.Rd) = RemSignedWord(R(ref x, d.Rs1), R(ref x, d.Rs2)); break;
                case Opcode.Remuw: R(ref x, d.Rd) = RemUnsignedWord(R(ref x, d.Rs1), R(ref x, d.Rs2)); break;

                // --- Zba, Zbb, Zbs, Zbc (Interpreter.Bitmanip.cs)
                case Opcode.Sh1add: R(ref x, d.Rd) = (R(ref x, d.Rs1) << 1) + R(ref x, d.Rs2); break;
                case Opcode.Sh2add: R(ref x, d.Rd) = (R(ref x, d.Rs1) << 2) + R(ref x, d.Rs2); break;
                case Opcode.Sh3add: R(ref x, d.Rd) = (R(ref x, d.Rs1) << 3) + R(ref x, d.Rs2); break;
                case Opcode.AddUw: R(ref x, d.Rd) = (uint)R(ref x, d.Rs1) + R(ref x, d.Rs2); break;
                case Opcode.Sh1addUw: R(ref x, d.Rd) = ((ulong)(uint)R(ref x, d.Rs1) << 1) + R(ref x, d.Rs2); break;
                case Opcode.Sh2addUw: R(ref x, d.Rd) = ((ulong)(uint)R(ref x, d.Rs1) << 2) + R(ref x, d.Rs2); break;
                case Opcode.Sh3addUw: R(ref x, d.Rd) = ((ulong)(uint)R(ref x, d.Rs1) << 3) + R(ref x, d.Rs2); break;
                case Opcode.SlliUw: R(ref x, d.Rd) = (ulong)(uint)R(ref x, d.Rs1) << (int)d.Imm; break;
                case Opcode.Andn: R(ref x, d.Rd) = R(ref x, d.Rs1) & ~R(ref x, d.Rs2); break;
                case Opcode.Orn: R(ref x, d.Rd) = R(ref x, d.Rs1) | ~R(ref x, d.Rs2); break;
                case Opcode.Xnor: R(ref x, d.Rd) = ~(R(ref x, d.Rs1) ^ R(ref x, d.Rs2)); break;
                case Opcode.Clz: R(ref x, d.Rd) = (ulong)ulong.LeadingZeroCount(R(ref x, d.Rs1)); break;
                case Opcode.Clzw: R(ref x, d.Rd) = uint.LeadingZeroCount((uint)R(ref x, d.Rs1)); break;
                case Opcode.Ctz: R(ref x, d.Rd) = (ulong)ulong.TrailingZeroCount(R(ref x, d.Rs1)); break;
                case Opcode.Ctzw: R(ref x, d.Rd) = uint.TrailingZeroCount((uint)R(ref x, d.Rs1)); break;
                case Opcode.Cpop: R(ref x, d.Rd) = (ulong)ulong.PopCount(R(ref x, d.Rs1)); break;
                case Opcode.Cpopw: R(ref x, d.Rd) = uint.PopCount((uint)R(ref x, d.Rs1)); break;
                case Opcode.Max: R(ref x, d.Rd) = (ulong)Math.Max((long)R(ref x, d.Rs1), (long)R(ref x, d.Rs2)); break;
                case Opcode.Maxu: R(ref x, d.Rd) = Math.Max(R(ref x, d.Rs1), R(ref x, d.Rs2)); break;
                case Opcode.Min: R(ref x, d.Rd) = (ulong)Math.Min((long)R(ref x, d.Rs1), (long)R(ref x, d.Rs2)); break;
                case Opcode.Minu: R(ref x, d.Rd) = Math.Min(R(ref x, d.Rs1), R(ref x, d.Rs2)); break;
                case Opcode.SextB: R(ref x, d.Rd) = (ulong)(long)(sbyte)R(ref x, d.Rs1); break;
                case Opcode.SextH: R(ref x, d.Rd) = (ulong)(long)(short)R(ref x, d.Rs1); break;
                case Opcode.ZextH: R(ref x, d.Rd) = (ushort)R(ref x, d.Rs1); break;
                case Opcode.Rol: R(ref x, d.Rd) = ulong.RotateLeft(R(ref x, d.Rs1), (int)R(ref x, d.Rs2)); break;
                case Opcode.Ror: R(ref x, d.Rd) = ulong.RotateRight(R(ref x, d.Rs1), (int)R(ref x, d.Rs2)); break;
                case Opcode.Rori: R(ref x, d.Rd) = ulong.RotateRight(R(ref x, d.Rs1), (int)d.Imm); break;
                case Opcode.Rolw: R(ref x, d.Rd) = SignExtend32(uint.RotateLeft((uint)R(ref x, d.Rs1), (int)R(ref x, d.Rs2))); break;
                case Opcode.Rorw: R(ref x, d.Rd) = SignExtend32(uint.RotateRight((uint)R(ref x, d.Rs1), (int)R(ref x, d.Rs2))); break;
                case Opcode.Roriw: R(ref x, d.Rd) = SignExtend32(uint.RotateRight((uint)R(ref x, d.Rs1), (int)d.Imm)); break;
                case Opcode.OrcB: R(ref x, d.Rd) = OrCombineBytes(R(ref x, d.Rs1)); break;
                case Opcode.Rev8: R(ref x, d.Rd) = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(R(ref x, d.Rs1)); break;
                case Opcode.Bclr: R(ref x, d.Rd) = R(ref x, d.Rs1) & ~(1UL << (int)R(ref x, d.Rs2)); break;
                case Opcode.Bclri: R(ref x, d.Rd) = R(ref x, d.Rs1) & ~(1UL << (int)d.Imm); break;
                case Opcode.Bext: R(ref x, d.Rd) = (R(ref x, d.Rs1) >> (int)R(ref x, d.Rs2)) & 1; break;
                case Opcode.Bexti: R(ref x, d.Rd) = (R(ref x, d.Rs1) >> (int)d.Imm) & 1; break;
                case Opcode.Binv: R(ref x, d.Rd) = R(ref x, d.Rs1) ^ (1UL << (int)R(ref x, d.Rs2)); break;
                case Opcode.Binvi: R(ref x, d.Rd) = R(ref x, d.Rs1) ^ (1UL << (int)d.Imm); break;
                case Opcode.Bset: R(ref x, d.Rd) = R(ref x, d.Rs1) | (1UL << (int)R(ref x, d.Rs2)); break;
                case Opcode.Bseti: R(ref x, d.Rd) = R(ref x, d.Rs1) | (1UL << (int)d.Imm); break;
                case Opcode.Clmul: R(ref x, d.Rd) = CarrylessMultiplyLow(R(ref x, d.Rs1), R(ref x, d.Rs2)); break;
                case Opcode.Clmulh: R(ref x, d.Rd) = CarrylessMultiplyHigh(R(ref x, d.Rs1), R(ref x, d.Rs2)); break;
                case Opcode.Clmulr: R(ref x, d.Rd) = CarrylessMultiplyReversed(R(ref x, d.Rs1), R(ref x, d.Rs2)); break;

                // --- The commonest F/D arithmetic, straight to its operation (Interpreter.FloatingPoint.cs); the rest
                // goes through ExecuteOther. Each returns false for an illegal instruction (FS = Off, reserved rm).
                case Opcode.FaddD: if (!DoubleBinary(in d, &F64.Add)) goto Illegal; break;
                case Opcode.FsubD: if (!DoubleBinary(in d, &F64.Sub)) goto Illegal; break;
                case Opcode.FmulD: if (!DoubleBinary(in d, &F64.Mul)) goto Illegal; break;
                case Opcode.FdivD: if (!DoubleBinary(in d, &F64.Div)) goto Illegal; break;
                case Opcode.FsqrtD: if (!DoubleSqrt(in d)) goto Illegal; break;
                case Opcode.FmaddD: if (!DoubleFused(in d, &F64.MulAdd)) goto Illegal; break;
                case Opcode.FmsubD: if (!DoubleFused(in d, &F64.MulSub)) goto Illegal; break;
                case Opcode.FnmsubD: if (!DoubleFused(in d, &F64.NegMulSub)) goto Illegal; break;
                case Opcode.FnmaddD: if (!DoubleFused(in d, &F64.NegMulAdd)) goto Illegal; break;
                case Opcode.FaddS: if (!SingleBinary(in d, &F32.Add)) goto Illegal; break;
                case Opcode.FsubS: if (!SingleBinary(in d, &F32.Sub)) goto Illegal; break;
                case Opcode.FmulS: if (!SingleBinary(in d, &F32.Mul)) goto Illegal; break;
                case Opcode.FdivS: if (!SingleBinary(in d, &F32.Div)) goto Illegal; break;
                case Opcode.FmaddS: if (!SingleFused(in d, &F32.MulAdd)) goto Illegal; break;
                case Opcode.FmsubS: if (!SingleFused(in d, &F32.MulSub)) goto Illegal; break;
                case Opcode.FnmsubS: if (!SingleFused(in d, &F32.NegMulSub)) goto Illegal; break;
                case Opcode.FnmaddS: if (!SingleFused(in d, &F32.NegMulAdd)) goto Illegal; break;
                case Opcode.FsgnjD or Opcode.FsgnjnD or Opcode.FsgnjxD or Opcode.FmvXD or Opcode.FmvDX:
                    if (!DoubleMove(in d)) goto Illegal;
                    break;

                case Opcode.Invalid:
                    goto Illegal;

                // --- Everything else: atomics, floating point, CSRs and system instructions.
                default:
                    switch (ExecuteOther(in d, _budget - remaining - 1 - _trapped))
                    {
                        case Completion.Retired:
                            if (Hart.Csrs.Mip != _mipSeen)
                            {
                                next = AfterStateChange(next);
                                goto StateChanged;
                            }
                            break;
                        case Completion.Trap:
                            goto Trap;
                        case Completion.RetiredCheckInterrupts:
                            next = AfterStateChange(next);
                            goto StateChanged;
                        case Completion.RetiredJumped:
                            next = AfterStateChange(Hart.Pc);
                            goto StateChanged;
                        case Completion.RetiredWaiting:
                            x = 0;
                            pc = next;
                            _stopReason = StopReason.WaitingForInterrupt;
                            goto Exit;
                    }
                    break;
            }
            x = 0; // writes to x0 are discarded
            pc = next;
            continue;

        BlockEnd:
            // A branch or jump retired: a watched run goes on only into a block the watch lets it run.
            x = 0;
            pc = next;
            if (_watch != null && !_watch.ContinuesAt(pc))
                goto Exit;
            continue;

        StateChanged:
            // Privilege, mstatus, satp, PMP or an interrupt may have changed: a watched run hands back.
            x = 0;
            pc = next;
            if (_watch != null)
                goto Exit;
            continue;

        MipChanged:
            pc = AfterStateChange(next);
            if (_watch != null)
                goto Exit;
            continue;

        Illegal:
            _trapCause = ExceptionCause.IllegalInstruction;
            _trapValue = d.Raw;
            goto Trap;

        MemoryFault:
            _trapCause = Mmu.FaultCause;
            _trapValue = Mmu.FaultValue;
        Trap:
            x = 0;
            pc = TakeTrap(pc);
            if (_watch != null)
                goto Exit;
        }

    Exit:
        Hart.Pc = pc;
        long executed = _budget - remaining;
        FlushCounters(executed - _trapped);
        _running = false;
        _watch = null;
        LastRunExecuted = executed;
        return _stopReason;
    }

    /// <summary>Decodes <paramref name="raw"/> into the cache slot of <paramref name="pc"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Refill(ulong pc, uint raw) => _cacheBase[(pc >> 1) & CacheMask] = Decoder.Decode(raw);

    /// <summary>
    /// After an instruction that may have changed privilege, mstatus, satp, PMP or interrupt enables: drops the
    /// fetch cache and takes a newly enabled interrupt. Returns the pc to continue at.
    /// </summary>
    private ulong AfterStateChange(ulong next)
    {
        _fetchVpn = NoPage;
        Hart.Pc = next;
        if (TrapUnit.TryTakeInterrupt(Hart))
            _interruptsTaken++;
        _mipSeen = Hart.Csrs.Mip;
        return Hart.Pc;
    }

    /// <summary>Fetches through the MMU and caches the page for the fast path; -1 on a fault.</summary>
    private long FetchAndCachePage(ulong pc)
    {
        if (!Mmu.Fetch(pc, out uint raw))
            return -1;
        if (Mmu.TryGetFetchPage(pc, out byte* page))
        {
            _fetchVpn = pc >> PageShift;
            _fetchPage = page;
            _fetchPrivilege = Hart.Privilege;
            _fetchGeneration = Hart.Csrs.TranslationGeneration;
            _fetchMappingEpoch = Mmu.MappingEpoch;
        }
        return raw;
    }

    // Between runs the machine (another engine, a syscall) may have changed privilege, satp, PMP or a mapping; each of
    // those changes one of these, and nothing else decides where a fetch goes.
    private bool FetchPageStillMapped() =>
        _fetchPrivilege == Hart.Privilege && _fetchGeneration == Hart.Csrs.TranslationGeneration && _fetchMappingEpoch == Mmu.MappingEpoch;

    /// <summary>Takes the current instruction's exception; returns the handler's pc.</summary>
    private ulong TakeTrap(ulong pc)
    {
        _trapped++;
        _fetchVpn = NoPage;
        Hart.Pc = pc;
        TrapUnit.TakeException(Hart, _trapCause, _trapValue);
        return Hart.Pc;
    }

    /// <summary>A register by number, without a bounds check (numbers come from 5-bit fields).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref ulong R(ref ulong x, int index) => ref Unsafe.Add(ref x, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SignExtend32(ulong value) => (ulong)(long)(int)value;

    /// <summary>
    /// Instructions retired in the current run (before the one executing) and not yet flushed; 0 outside a run.
    /// </summary>
    internal ulong PendingRetired() => _running ? (ulong)Math.Max(_budget - _remainingNow - 1 - _trapped - _flushedRetired, 0) : 0;

    /// <summary>
    /// Adds the instructions retired since the last flush to minstret and mcycle (honouring mcountinhibit)
    /// and to <see cref="HartState.RetiredSinceReset"/>.
    /// Counters are flushed before every CSR instruction (the only way to read them or change mcountinhibit
    /// from the guest) and when a run ends, so the hot loop only counts in a local.
    /// </summary>
    private void FlushCounters(long retiredInRun)
    {
        ulong delta = (ulong)(retiredInRun - _flushedRetired);
        _flushedRetired = retiredInRun;
        Hart.RetiredSinceReset += delta; // drives the deterministic clock; never inhibited
        ulong inhibit = Hart.Csrs.Mcountinhibit;
        if ((inhibit & CounterInhibit.Cycle) == 0)
            Hart.Cycles += delta;
        if ((inhibit & CounterInhibit.InstructionsRetired) == 0)
            Hart.InstructionsRetired += delta;
    }

    /// <summary>The bits of mcountinhibit this model honours.</summary>
    private static class CounterInhibit
    {
        public const ulong Cycle = 1UL << 0;
        public const ulong InstructionsRetired = 1UL << 2;
    }

    /// <summary>Records an illegal-instruction exception for <paramref name="d"/>; xtval is the instruction's bits.</summary>
    private Completion Illegal(in DecodedInstruction d)
    {
        _trapCause = ExceptionCause.IllegalInstruction;
        _trapValue = d.Raw;
        return Completion.Trap;
    }

    /// <summary>Records the MMU's last fault as the current instruction's exception.</summary>
    private Completion MemoryFault()
    {
        _trapCause = Mmu.FaultCause;
        _trapValue = Mmu.FaultValue;
        return Completion.Trap;
    }

    /// <summary>Dispatches instructions outside the main switch to their area; unknown ones end up illegal.</summary>
    private Completion ExecuteOther(in DecodedInstruction d, long retiredBefore)
    {
        switch (d.Opcode)
        {
            case Opcode.LrW or Opcode.LrD or Opcode.ScW or Opcode.ScD
                or Opcode.AmoswapW or Opcode.AmoaddW or Opcode.AmoxorW or Opcode.AmoandW or Opcode.AmoorW
                or Opcode.AmominW or Opcode.AmomaxW or Opcode.AmominuW or Opcode.AmomaxuW
                or Opcode.AmoswapD or Opcode.AmoaddD or Opcode.AmoxorD or Opcode.AmoandD or Opcode.AmoorD
                or Opcode.AmominD or Opcode.AmomaxD or Opcode.AmominuD or Opcode.AmomaxuD:
                return ExecuteAtomic(in d);
            case Opcode.Csrrw or Opcode.Csrrs or Opcode.Csrrc or Opcode.Csrrwi or Opcode.Csrrsi or Opcode.Csrrci:
                FlushCounters(retiredBefore);
                return ExecuteCsr(in d);
            case Opcode.Ecall or Opcode.Ebreak or Opcode.Mret or Opcode.Sret or Opcode.Wfi or Opcode.SfenceVma
                or Opcode.Fence or Opcode.FenceTso or Opcode.Pause or Opcode.FenceI:
                return ExecuteSystem(in d);
            default:
                return ExecuteFloatingPoint(in d);
        }
    }
}
