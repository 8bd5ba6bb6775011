using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Translator.Engines.Translation;

/// <summary>
/// Emits and compiles regions on one worker thread shared by every translator in the process, so that the guest
/// keeps running (in the interpreter and in regions compiled before) while RyuJIT works. The dispatcher decodes a
/// region and marks its code before handing it over, so a write to that code while it compiles drops the result;
/// it installs finished regions between blocks, on its own thread.
/// </summary>
internal static class BackgroundCompiler
{
    private static readonly BlockingCollection<RegionCompilation> s_queue = new();
    private static readonly Lazy<Thread> s_worker = new(() =>
    {
        var thread = new Thread(Work) { IsBackground = true, Name = "rvt region compiler" };
        thread.Start();
        return thread;
    });

    /// <summary>Starts the worker thread, if not yet started (the warm-up does, so that the first region need not).</summary>
    public static void Start() => _ = s_worker.Value;

    /// <summary>Queues <paramref name="job"/>; it appears in its <see cref="RegionCompilation.Done"/> queue when compiled.</summary>
    public static void Enqueue(RegionCompilation job)
    {
        Start();
        s_queue.Add(job);
    }

    private static void Work()
    {
        foreach (var job in s_queue.GetConsumingEnumerable())
        {
            if (!job.Root.Valid)
            {
                job.Done.Enqueue(job); // its code was written while it waited: nothing to compile, nothing to install
                continue;
            }
            var started = Stopwatch.GetTimestamp();
            try
            {
                job.Region = job.Translate();
                job.Region.Compile();
            }
            catch (Exception e)
            {
                job.Failure = ExceptionDispatchInfo.Capture(e); // a host bug: rethrown on the guest's thread
            }
            job.Time = Stopwatch.GetElapsedTime(started);
            job.Done.Enqueue(job);
        }
    }
}

/// <summary>One region on its way through the <see cref="BackgroundCompiler"/>.</summary>
/// <param name="Root">The cold block whose heat started it; its code ranges cover the region's, so a write there invalidates it.</param>
/// <param name="Guest">The region's instructions, as scanned when it was queued.</param>
/// <param name="Waiting">
/// The cold blocks (the root among them) that wait for the region instead of starting their own; the dispatcher adds
/// to it while the region compiles (on its own thread only).
/// </param>
/// <param name="Translate">Emits the region (on the worker).</param>
/// <param name="Done">Where the finished job goes: the requesting translator's queue.</param>
internal sealed record RegionCompilation(TranslatedBlock Root, GuestBlock Guest, List<TranslatedBlock> Waiting, Func<CompiledRegion> Translate,
    ConcurrentQueue<RegionCompilation> Done)
{
    /// <summary>The compiled region, once done (null if it failed or its root was invalidated before it started).</summary>
    public CompiledRegion? Region;

    /// <summary>Time spent emitting and compiling.</summary>
    public TimeSpan Time;

    /// <summary>What went wrong, if anything.</summary>
    public ExceptionDispatchInfo? Failure;
}
