namespace Translator.Engines;

/// <summary>Why <see cref="ExecutionEngine.Run"/> returned.</summary>
public enum StopReason
{
    /// <summary>The instruction budget was spent; the machine may run devices and call again.</summary>
    BudgetExhausted,

    /// <summary>A device asked the machine to stop (<see cref="Translator.Memory.MachineStop.Requested"/>).</summary>
    MachineStopRequested,

    /// <summary>
    /// A <c>wfi</c> retired with no interrupt pending (mip &amp; mie is zero). The machine may advance time to the
    /// next device event before calling again; calling again at once is also correct (wfi is a hint).
    /// </summary>
    WaitingForInterrupt,
}
