using System.Runtime.ExceptionServices;
using NirNet.Native;

namespace NirNet.Training;

/// <summary>
/// Runs one piece of work per part, each part on a thread of its own, in lockstep: <see cref="Run"/> returns when every
/// part has done its share. Part 0 runs on the calling thread, so one part needs no other thread. The threads live as
/// long as this object, so a training call pays for starting them once, not once per epoch.
/// </summary>
internal sealed class PartThreads : IDisposable
{
    readonly Thread[] threads;
    readonly Barrier started, finished;
    readonly ExceptionDispatchInfo?[] failures;
    Action<int>? work;
    bool stopping;

    /// <param name="parts">How many parts, at least 1.</param>
    public PartThreads(int parts)
    {
        started = new Barrier(parts);
        finished = new Barrier(parts);
        failures = new ExceptionDispatchInfo?[parts];
        threads = Enumerable.Range(1, parts - 1)
            .Select(part => new Thread(() => Serve(part)) { IsBackground = true, Name = $"NirNet training part {part}" })
            .ToArray();
        foreach (var thread in threads) thread.Start();
    }

    /// <summary>Calls <paramref name="action"/> with each part's number on that part's thread; rethrows the first failure.</summary>
    public void Run(Action<int> action)
    {
        work = action;
        started.SignalAndWait();
        Do(0);
        finished.SignalAndWait();
        foreach (var failure in failures) failure?.Throw();
    }

    void Serve(int part)
    {
        TorchThreads.Apply(); // libtorch and MKL keep their thread count per thread: a new thread must be told
        while (true)
        {
            started.SignalAndWait();
            if (stopping) return;
            Do(part);
            finished.SignalAndWait();
        }
    }

    void Do(int part)
    {
        try { work!(part); }
        catch (Exception e) { failures[part] = ExceptionDispatchInfo.Capture(e); }
    }

    public void Dispose()
    {
        stopping = true;
        if (threads.Length > 0) started.SignalAndWait();
        foreach (var thread in threads) thread.Join();
        started.Dispose();
        finished.Dispose();
    }
}
