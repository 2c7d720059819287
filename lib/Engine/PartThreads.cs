using System.Runtime.ExceptionServices;
using NirNet.Native;

namespace NirNet.Engine;

/// <summary>
/// Runs one piece of work per part, each part on a thread of its own, in lockstep: <see cref="Run"/> returns when every
/// part has done its share. Part 0 runs on the calling thread, so one part needs no other thread. The threads live as
/// long as this object, so a training call pays for starting them once, not once per epoch.
/// </summary>
internal sealed class PartThreads : IDisposable
{
    readonly Thread[] threads;
    readonly Barrier started, finished;
    readonly ExceptionDispatchInfo?[] failures; // of the current run, one slot per part
    readonly ExceptionDispatchInfo?[] setupFailures; // of each thread's set-up, reported by every run
    Action<int>? work;
    bool stopping, disposed;

    /// <param name="parts">How many parts, at least 1.</param>
    /// <param name="threadSetup">What each new thread does first; by default it applies libtorch's thread count, which
    /// libtorch and MKL keep per thread.</param>
    public PartThreads(int parts, Action? threadSetup = null)
    {
        threadSetup ??= TorchThreads.Apply;
        started = new Barrier(parts);
        finished = new Barrier(parts);
        failures = new ExceptionDispatchInfo?[parts];
        setupFailures = new ExceptionDispatchInfo?[parts];
        threads = Enumerable.Range(1, parts - 1)
            .Select(part => new Thread(() => Serve(part, threadSetup)) { IsBackground = true, Name = $"NirNet training part {part}" })
            .ToArray();
        foreach (var thread in threads) thread.Start();
    }

    /// <summary>Calls <paramref name="action"/> with each part's number on that part's thread; rethrows the first failure
    /// of this call (a failure of an earlier call is not reported again).</summary>
    public void Run(Action<int> action)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        Array.Clear(failures);
        work = action;
        started.SignalAndWait();
        Do(0);
        finished.SignalAndWait();
        foreach (var failure in failures) failure?.Throw();
    }

    void Serve(int part, Action threadSetup)
    {
        // Inside the try: a thread whose set-up fails still meets the others at every barrier, and reports the failure.
        try { threadSetup(); }
        catch (Exception e) { setupFailures[part] = ExceptionDispatchInfo.Capture(e); }
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
        if (setupFailures[part] is { } setupFailure)
        {
            failures[part] = setupFailure;
            return;
        }
        try { work!(part); }
        catch (Exception e) { failures[part] = ExceptionDispatchInfo.Capture(e); }
    }

    /// <summary>Ends the threads; safe to call more than once.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        stopping = true;
        if (threads.Length > 0) started.SignalAndWait();
        foreach (var thread in threads) thread.Join();
        started.Dispose();
        finished.Dispose();
    }
}
