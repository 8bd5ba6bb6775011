namespace Translator.Engines;

/// <summary>Decides, block by block, how far a watched interpreter run goes (see <see cref="Interpreter.RunWatched"/>).</summary>
internal interface IBlockEntryWatch
{
    /// <summary>
    /// Called when a branch or jump has retired and the hart is about to enter the block at <paramref name="pc"/>:
    /// true lets the interpreter run it (the watch counts it), false ends the run there.
    /// </summary>
    bool ContinuesAt(ulong pc);
}
