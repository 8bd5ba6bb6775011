using Translator.Hart;
using Translator.Memory;

namespace Translator.Devices;

/// <summary>
/// The platform-level interrupt controller (SiFive PLIC layout, as on QEMU virt) for one hart with two
/// contexts: context 0 drives mip.MEIP and context 1 drives mip.SEIP. Sources are level-triggered;
/// a claimed source is not offered again until it is completed.
/// </summary>
public sealed class Plic : IMmioDevice
{
    /// <summary>Interrupt sources, including the unused source 0.</summary>
    public const int SourceCount = 96;
    private const int Contexts = 2;
    private const ulong PriorityBase = 0x0, PendingBase = 0x1000, EnableBase = 0x2000, EnableStride = 0x80;
    private const ulong ContextBase = 0x20_0000, ContextStride = 0x1000;
    private const uint MaxPriority = 7;
    private static readonly ulong[] ContextIrqBit =
    {
        1UL << (int)InterruptCause.MachineExternal,
        1UL << (int)InterruptCause.SupervisorExternal,
    };

    private readonly HartState _hart;
    private readonly uint[] _priority = new uint[SourceCount];
    private readonly bool[] _level = new bool[SourceCount];
    private readonly bool[] _claimed = new bool[SourceCount];
    private readonly uint[,] _enable = new uint[Contexts, SourceCount / 32];
    private readonly uint[] _threshold = new uint[Contexts];

    /// <summary>Creates the PLIC for one hart.</summary>
    public Plic(HartState hart) => _hart = hart;

    /// <inheritdoc/>
    public string Name => "plic";

    /// <inheritdoc/>
    public ulong Size => 0x60_0000;

    /// <summary>Sets the level of an interrupt line driven by a device.</summary>
    public void SetLevel(int source, bool level)
    {
        if (source <= 0 || source >= SourceCount) return;
        _level[source] = level;
        Update();
    }

    /// <inheritdoc/>
    public bool Read(ulong offset, int width, out ulong value)
    {
        value = 0;
        if (width != 4) return true;
        if (offset < PendingBase)
            value = _priority[(int)(offset / 4) % SourceCount];
        else if (offset < PendingBase + SourceCount / 8)
            value = PendingWord((int)(offset - PendingBase) / 4);
        else if (offset >= EnableBase && offset < EnableBase + EnableStride * Contexts)
        {
            int context = (int)((offset - EnableBase) / EnableStride), word = (int)((offset - EnableBase) % EnableStride) / 4;
            if (word < SourceCount / 32) value = _enable[context, word];
        }
        else if (offset >= ContextBase && offset < ContextBase + ContextStride * Contexts)
        {
            int context = (int)((offset - ContextBase) / ContextStride);
            ulong register = (offset - ContextBase) % ContextStride;
            if (register == 0) value = _threshold[context];
            else if (register == 4) value = Claim(context);
        }
        return true;
    }

    /// <inheritdoc/>
    public bool Write(ulong offset, int width, ulong value)
    {
        if (width != 4) return true;
        if (offset < PendingBase)
        {
            int source = (int)(offset / 4);
            if (source > 0 && source < SourceCount) _priority[source] = (uint)value & MaxPriority;
        }
        else if (offset >= EnableBase && offset < EnableBase + EnableStride * Contexts)
        {
            int context = (int)((offset - EnableBase) / EnableStride), word = (int)((offset - EnableBase) % EnableStride) / 4;
            if (word < SourceCount / 32) _enable[context, word] = (uint)value & (word == 0 ? ~1u : ~0u);
        }
        else if (offset >= ContextBase && offset < ContextBase + ContextStride * Contexts)
        {
            int context = (int)((offset - ContextBase) / ContextStride);
            ulong register = (offset - ContextBase) % ContextStride;
            if (register == 0) _threshold[context] = (uint)value & MaxPriority;
            else if (register == 4 && value < SourceCount) _claimed[value] = false; // completion
        }
        Update();
        return true;
    }

    private bool Pending(int source) => _level[source] && !_claimed[source];

    private uint PendingWord(int word)
    {
        uint bits = 0;
        for (int i = 0; i < 32; i++)
            if (Pending(word * 32 + i)) bits |= 1u << i;
        return bits;
    }

    // The highest-priority pending, enabled source above the threshold (lowest id wins ties), or 0.
    private int Best(int context)
    {
        int best = 0;
        uint bestPriority = _threshold[context];
        for (int s = 1; s < SourceCount; s++)
        {
            if (Pending(s) && (_enable[context, s / 32] & (1u << (s % 32))) != 0 && _priority[s] > bestPriority)
            {
                best = s;
                bestPriority = _priority[s];
            }
        }
        return best;
    }

    private uint Claim(int context)
    {
        int source = Best(context);
        if (source != 0) _claimed[source] = true;
        Update();
        return (uint)source;
    }

    private void Update()
    {
        for (int c = 0; c < Contexts; c++)
            _hart.Csrs.Mip = Best(c) != 0 ? _hart.Csrs.Mip | ContextIrqBit[c] : _hart.Csrs.Mip & ~ContextIrqBit[c];
    }
}
