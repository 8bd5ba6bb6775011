using Translator.Hart;
using PrivilegeLevel = Translator.Hart.PrivilegeLevel;
using Translator.Isa;
using Translator.Machines;

namespace Translator.Tools.Fuzzing;

/// <summary>
/// Generates fuzz programs. A program is a body of random instructions drawn uniformly from
/// <see cref="FuzzableInstructions.All"/>, run a random number of times by a loop, then an exit through the SiFive
/// test device. The generator keeps every program well-behaved:
/// <list type="bullet">
/// <item>each load, store and AMO is preceded by <c>auipc</c>+<c>addi</c> that set its base register so the
/// access lands in the data region (naturally aligned for AMO, LR and SC; sometimes misaligned otherwise);</item>
/// <item>branches and jumps go forward to the start of a later body item (never into a set-up sequence), so a
/// body always terminates; <c>jalr</c> gets its base register set like a memory access;</item>
/// <item>CSR instructions touch only fflags, frm and fcsr, and never leave frm holding a reserved rounding mode;</item>
/// <item>sc is often paired with an lr of the same address, so both SC outcomes occur;</item>
/// <item>small counted loops (a backward branch over a few plain instructions that leave the counter alone) make
/// blocks hot within one pass;</item>
/// <item>now and then the program rewrites one of its own plain instructions with another of the same length
/// (sometimes followed by fence.i), which exercises the translator's invalidation of code it has translated.</item>
/// </list>
/// </summary>
public static class ProgramGenerator
{
    /// <summary>The most body items a program may have (its code must fit in <see cref="FuzzLayout.CodeLimit"/>).</summary>
    public const int MaxLength = 800;

    /// <summary>The default for the most times a body runs.</summary>
    public const int DefaultMaxIterations = 6;
    private const int T0 = 5, T1 = 6;
    private static readonly ushort[] FloatCsrs = [0x001, 0x002, 0x003];
    private const ushort Fflags = 0x001, Frm = 0x002;
    private static readonly PrivilegeLevel[] Privileges = [PrivilegeLevel.Machine, PrivilegeLevel.Supervisor, PrivilegeLevel.User];

    private enum ItemKind { Plain, Memory, Direct, Indirect, CsrSetup, SelfModify, Loop }
    private const int SelfModifyOneIn = 40, LoopOneIn = 30, MaxLoopBody = 6, MaxLoopCount = 8;

    private sealed class Item
    {
        public ItemKind Kind;
        public DecodedInstruction Instruction;
        public ulong DataAddress;
        public uint? LoadReserved;
        public int SetupRegister;
        public int SetupValue;
        public int Target;
        public ulong Start;
        public DecodedInstruction Replacement;
        public bool FenceAfter;
        public List<DecodedInstruction>? LoopBody;
        public int LoopCounter;
        public int LoopCount;

        public int PrefixBytes => Kind switch
        {
            ItemKind.Memory => 8 + (LoadReserved != null ? 4 : 0),
            ItemKind.Indirect => 8,
            ItemKind.CsrSetup => 4,
            _ => 0,
        };

        // A self-modifying item is all scaffolding: address, value, store and perhaps fence.i. A loop is the counter's
        // set-up, the body, the decrement and the backward branch.
        public int Size => Kind switch
        {
            ItemKind.SelfModify => 20 + (FenceAfter ? 4 : 0),
            ItemKind.Loop => 12 + LoopBody!.Sum(d => d.Length),
            _ => PrefixBytes + Instruction.Length,
        };
    }

    /// <summary>
    /// Generates program <paramref name="index"/> of run <paramref name="seed"/> with <paramref name="length"/> body
    /// items, run 1 to <paramref name="maxIterations"/> times.
    /// </summary>
    public static FuzzProgram Generate(ulong seed, int index, int length, int maxIterations = DefaultMaxIterations)
    {
        if (length < 1 || length > MaxLength)
            throw new ArgumentOutOfRangeException(nameof(length), $"a program has 1 to {MaxLength} instructions");
        var random = new FuzzRandom(seed, (ulong)index);
        var items = new List<Item>(length);
        for (int i = 0; i < length; i++)
            items.Add(NewItem(random));

        ulong pc = FuzzLayout.CodeBase;
        foreach (var item in items)
        {
            item.Start = pc;
            pc += (ulong)item.Size;
        }
        ulong tail = pc;
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i].Kind is ItemKind.Direct or ItemKind.Indirect)
                items[i].Target = PickTarget(random, items, i);
            else if (items[i].Kind == ItemKind.SelfModify)
                PickRewrite(random, items, i);
        }

        var emitter = new CodeEmitter();
        foreach (var item in items)
            Emit(emitter, item, items, tail);
        ulong trap = EmitTail(emitter);

        var data = new byte[FuzzLayout.DataSize];
        InterestingValues.FillData(random, data);
        var x = new ulong[32];
        var f = new ulong[32];
        for (int r = 1; r < 32; r++) x[r] = InterestingValues.Integer(random);
        for (int r = 0; r < 32; r++) f[r] = InterestingValues.Float(random);
        return new FuzzProgram
        {
            Seed = seed,
            Index = index,
            Instructions = emitter.Instructions,
            Code = emitter.Bytes.ToArray(),
            Data = data,
            Iterations = 1 + random.Below(Math.Max(maxIterations, 1)),
            TrapHandler = trap,
            X = x,
            F = f,
            Frm = (uint)random.Below(5),
            Fflags = (uint)random.Below(32),
            FloatState = 1 + (ulong)random.Below(3),
            Privilege = random.Pick(Privileges),
        };
    }

    private static Item NewItem(FuzzRandom random)
    {
        if (random.OneIn(SelfModifyOneIn))
            return new Item { Kind = ItemKind.SelfModify, Instruction = Decoder.Decode(0x0001), FenceAfter = random.OneIn(2) };
        if (random.OneIn(LoopOneIn))
            return NewLoopItem(random);
        var form = random.Pick(FuzzableInstructions.All);
        if (FuzzableInstructions.CsrForms.Contains(form))
            return NewCsrItem(random, form);

        ref readonly var info = ref InstructionTable.Get(form);
        var flags = InstructionTable.Get(info.ExpandsTo == Opcode.Invalid ? form : info.ExpandsTo).Flags;
        bool memory = (flags & (InstructionFlags.Load | InstructionFlags.Store | InstructionFlags.Amo)) != 0;
        bool indirect = form is Opcode.Jalr or Opcode.CJr or Opcode.CJalr;
        var d = EncodingSampler.Sample(form, random, memory || indirect ? x => x.Rs1 != 0 : null);
        if (memory)
            return NewMemoryItem(random, d);
        if (indirect)
            return new Item { Kind = ItemKind.Indirect, Instruction = d };
        if (InstructionEncoder.IsPcRelative(form))
            return new Item { Kind = ItemKind.Direct, Instruction = d };
        return new Item { Kind = ItemKind.Plain, Instruction = d };
    }

    private static Item NewMemoryItem(FuzzRandom random, DecodedInstruction d)
    {
        int width = d.Info.MemoryWidth;
        bool atomic = d.Info.Has(InstructionFlags.Amo);
        ulong offset = (ulong)random.Below((int)FuzzLayout.DataSize - width + 1);
        if (atomic || !random.OneIn(4))
            offset &= ~(ulong)(width - 1);
        var item = new Item { Kind = ItemKind.Memory, Instruction = d, DataAddress = FuzzLayout.DataBase + offset };
        if (d.Opcode is Opcode.ScW or Opcode.ScD && !random.OneIn(3))
        {
            int rd;
            do rd = 1 + random.Below(31); while (rd == d.Rs1);
            item.LoadReserved = InstructionEncoder.LoadReserved(d.Opcode == Opcode.ScW ? Opcode.LrW : Opcode.LrD, rd, d.Rs1, (uint)random.Below(4));
        }
        return item;
    }

    // fflags, frm or fcsr only; values written never make frm a reserved rounding mode (5-7).
    private static Item NewCsrItem(FuzzRandom random, Opcode form)
    {
        ushort csr = random.Pick(FloatCsrs);
        int rd = random.Below(32);
        int source = random.Below(32);
        int? setup = null;
        switch (form)
        {
            case Opcode.Csrrw:
                setup = csr switch { Frm => random.Below(5), Fflags => random.Below(2048), _ => random.Below(5) << 5 | random.Below(32) };
                break;
            case Opcode.Csrrs:
                if (csr == Frm) source = 0;
                else setup = csr == Fflags ? random.Below(2048) : random.Below(32);
                break;
            case Opcode.Csrrc:
                setup = random.Below(2048); // clearing bits of a valid frm leaves a valid frm
                break;
            case Opcode.Csrrwi:
                source = csr == Frm ? random.Below(5) : random.Below(32);
                break;
            case Opcode.Csrrsi:
                if (csr == Frm) source = 0;
                break;
        }
        var d = Decoder.Decode(InstructionEncoder.Csr(form, csr, rd, source));
        if (setup is int value && source != 0)
            return new Item { Kind = ItemKind.CsrSetup, Instruction = d, SetupRegister = source, SetupValue = value };
        return new Item { Kind = ItemKind.Plain, Instruction = d };
    }

    // A later item (or the loop tail, index Count), mostly close by so most of the body runs.
    private static int PickTarget(FuzzRandom random, List<Item> items, int from)
    {
        int reach = random.OneIn(4) ? 16 : 3;
        int target = Math.Min(items.Count, from + 1 + random.Below(reach));
        var form = items[from].Instruction.Form;
        if (items[from].Kind == ItemKind.Direct)
        {
            ulong pc = items[from].Start + (ulong)items[from].PrefixBytes;
            while (target > from + 1 && StartOf(items, target) - pc > (ulong)InstructionEncoder.MaxOffset(form))
                target--;
        }
        return target;
    }

    private static Item NewLoopItem(FuzzRandom random)
    {
        int counter = 1 + random.Below(31);
        var body = new List<DecodedInstruction>();
        int length = 1 + random.Below(MaxLoopBody);
        while (body.Count < length)
        {
            var form = random.Pick(FuzzableInstructions.All);
            if (!IsPlainForm(form)) continue;
            // Rd is checked whatever its register file: simpler, and loses nothing that matters. Some forms have a
            // fixed rd (c.addi16sp writes sp); when that is the counter, another form is drawn.
            if (EncodingSampler.TrySample(form, random, d => d.Rd != counter, 1000) is { } instruction)
                body.Add(instruction);
        }
        return new Item
        {
            Kind = ItemKind.Loop, Instruction = Decoder.Decode(0x0001), LoopBody = body, LoopCounter = counter,
            LoopCount = 1 + random.Below(MaxLoopCount),
        };
    }

    // A self-modifying item overwrites a plain instruction elsewhere in the body with another plain one of the
    // same length; without a plain instruction to rewrite, it stores to the data region instead.
    private static void PickRewrite(FuzzRandom random, List<Item> items, int from)
    {
        var candidates = Enumerable.Range(0, items.Count).Where(j => j != from && items[j].Kind == ItemKind.Plain).ToList();
        if (candidates.Count == 0)
        {
            items[from].Target = -1;
            items[from].Replacement = Decoder.Decode(0x0001);
            return;
        }
        int target = random.Pick(candidates);
        int length = items[target].Instruction.Length;
        Opcode form;
        do form = random.Pick(FuzzableInstructions.All);
        while (!IsPlainForm(form) || InstructionTable.Get(form).Length != length);
        items[from].Target = target;
        items[from].Replacement = EncodingSampler.Sample(form, random);
    }

    // Computes and nothing else: no memory, control flow or CSR.
    private static bool IsPlainForm(Opcode form)
    {
        if (FuzzableInstructions.CsrForms.Contains(form) || InstructionEncoder.IsPcRelative(form) || form is Opcode.Jalr or Opcode.CJr or Opcode.CJalr)
            return false;
        ref readonly var info = ref InstructionTable.Get(form);
        var flags = InstructionTable.Get(info.ExpandsTo == Opcode.Invalid ? form : info.ExpandsTo).Flags;
        return (flags & (InstructionFlags.Load | InstructionFlags.Store | InstructionFlags.Amo)) == 0;
    }

    // The start of an item; index Count is the loop tail, right after the last item.
    private static ulong StartOf(List<Item> items, int index) =>
        index < items.Count ? items[index].Start : items[^1].Start + (ulong)items[^1].Size;

    private static void Emit(CodeEmitter emitter, Item item, List<Item> items, ulong tail)
    {
        var d = item.Instruction;
        switch (item.Kind)
        {
            case ItemKind.Memory:
                emitter.SetRegister(d.Rs1, item.DataAddress - (ulong)d.Imm);
                if (item.LoadReserved is uint lr)
                    emitter.Scaffold(lr);
                emitter.Fuzzed(d.Raw, d.Length, item.DataAddress);
                break;
            case ItemKind.Indirect:
                emitter.SetRegister(d.Rs1, Target(items, item.Target, tail) - (ulong)d.Imm);
                emitter.Fuzzed(d.Raw, d.Length, null);
                break;
            case ItemKind.Direct:
                emitter.Fuzzed(InstructionEncoder.Retarget(d.Raw, (long)(Target(items, item.Target, tail) - emitter.Pc)), d.Length, null);
                break;
            case ItemKind.SelfModify:
                var replacement = item.Replacement;
                ulong address = item.Target >= 0 ? items[item.Target].Start : FuzzLayout.DataBase;
                int addressRegister = 1 + (int)(item.Start % 31), valueRegister = 1 + (int)((item.Start / 2 + 7) % 31);
                if (valueRegister == addressRegister) valueRegister = addressRegister % 31 + 1;
                emitter.SetRegister(addressRegister, address);
                emitter.LoadLow32(valueRegister, replacement.Raw);
                emitter.Scaffold(replacement.Length == 4 || item.Target < 0
                    ? InstructionEncoder.Sw(valueRegister, addressRegister, 0)
                    : InstructionEncoder.Sh(valueRegister, addressRegister, 0));
                if (item.FenceAfter)
                    emitter.Scaffold(InstructionEncoder.FenceI);
                break;
            case ItemKind.Loop:
                emitter.Scaffold(InstructionEncoder.Addi(item.LoopCounter, 0, item.LoopCount));
                ulong top = emitter.Pc;
                foreach (var d2 in item.LoopBody!)
                    emitter.Fuzzed(d2.Raw, d2.Length, null);
                emitter.Scaffold(InstructionEncoder.Addi(item.LoopCounter, item.LoopCounter, -1));
                emitter.Scaffold(InstructionEncoder.Bne(item.LoopCounter, 0, (long)(top - emitter.Pc)));
                break;
            case ItemKind.CsrSetup:
                emitter.Scaffold(InstructionEncoder.Addi(item.SetupRegister, 0, item.SetupValue));
                emitter.Fuzzed(d.Raw, d.Length, null);
                break;
            default:
                emitter.Fuzzed(d.Raw, d.Length, null);
                break;
        }
    }

    private static ulong Target(List<Item> items, int index, ulong tail) => index < items.Count ? items[index].Start : tail;

    // The loop (count down the control word, back to the body while non-zero), the exit and the trap handler.
    private static ulong EmitTail(CodeEmitter emitter)
    {
        emitter.SetRegister(T0, FuzzLayout.ControlBase);
        emitter.Scaffold(InstructionEncoder.Ld(T1, T0, 0));
        emitter.Scaffold(InstructionEncoder.Addi(T1, T1, -1));
        emitter.Scaffold(InstructionEncoder.Sd(T1, T0, 0));
        emitter.Scaffold(InstructionEncoder.Beq(T1, 0, 8));
        emitter.Scaffold(InstructionEncoder.JalWord(0, (long)(FuzzLayout.CodeBase - emitter.Pc)));
        EmitExit(emitter, 0x5555);
        emitter.AlignTo4();
        ulong trap = emitter.Pc;
        EmitExit(emitter, (FuzzProgram.TrapExitCode << 16) | 0x3333);
        return trap;
    }

    private static void EmitExit(CodeEmitter emitter, int command)
    {
        emitter.Scaffold(InstructionEncoder.LuiWord(T0, (int)(VirtMap.TestDevice >> 12)));
        int upper = (command + 0x800) >> 12;
        emitter.Scaffold(InstructionEncoder.LuiWord(T1, upper));
        emitter.Scaffold(InstructionEncoder.Addi(T1, T1, command - (upper << 12)));
        emitter.Scaffold(InstructionEncoder.Sw(T1, T0, 0));
        emitter.Scaffold(InstructionEncoder.JalWord(0, 0));
    }
}
