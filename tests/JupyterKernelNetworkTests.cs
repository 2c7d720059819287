using System.ComponentModel;
using System.Diagnostics;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using NirNet.NotebookRunner;

namespace NirNet.Tests;

/// <summary>
/// The .NET Interactive Jupyter kernel also starts an HTTP service (a SignalR hub that runs the code sent to it, with no
/// password). These tests start the registered <c>.net-csharp</c> kernel as nbconvert and the notebook server start it and
/// read which addresses it listens on: loopback only with <c>--http-local-only</c> in the kernelspec (what
/// <c>.ci/install-jupyter</c> registers), every interface of the machine without it (docs/kernel-network.md).
/// </summary>
[Collection(nameof(NotebookExecution))]
[Trait("Category", "Notebook")]
public sealed class JupyterKernelNetworkTests
{
    internal const string LocalOnly = "--http-local-only";
    static readonly TimeSpan ReadyLimit = TimeSpan.FromMinutes(3);
    static readonly TimeSpan ServiceLimit = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Registered_kernel_listens_on_loopback_addresses_only()
    {
        await new NotebookExecutor(Notebooks.Repository).PrepareAsync(); // dotnet tool restore: the kernelspec runs the local tool
        var spec = await RegisteredSpecAsync();
        Assert.True(spec.Argv.Contains(LocalOnly),
            $"The {JupyterHostTests.Kernel} kernelspec ({spec.Folder}) starts the kernel without {LocalOnly}, so its HTTP service "
            + $"listens on every network interface. `.ci/install-jupyter` adds the switch. argv: {string.Join(' ', spec.Argv)}");

        var listeners = await ListenersOfAsync(JupyterHostTests.Kernel, jupyterPath: null);

        Assert.True(listeners.All(l => l.IsLoopback),
            $"The {JupyterHostTests.Kernel} kernel listens on a non-loopback address: {string.Join(", ", listeners.Where(l => !l.IsLoopback))}.");
    }

    [Fact]
    public async Task Kernelspec_without_local_only_switch_is_seen_listening_on_the_network()
    {
        // The check above must be able to fail: the same kernelspec without the switch, in a folder of its own.
        var addresses = NetworkAddresses();
        Assert.True(addresses.Count > 0,
            "This machine has no network address besides loopback, so a kernel listening on every interface cannot be told "
            + "from one listening on loopback only; connect a network interface to run this test.");
        await new NotebookExecutor(Notebooks.Repository).PrepareAsync();
        var spec = await RegisteredSpecAsync();
        string folder = Path.Combine(Path.GetTempPath(), $"nirnet-kernelspec-{Guid.NewGuid():N}");
        const string exposed = ".net-csharp-exposed";
        try
        {
            var kernelJson = JsonNode.Parse(File.ReadAllText(Path.Combine(spec.Folder, "kernel.json")))!.AsObject();
            kernelJson["argv"] = new JsonArray(spec.Argv.Where(a => a != LocalOnly).Select(a => JsonValue.Create(a)).ToArray<JsonNode?>());
            kernelJson["display_name"] = ".NET (C#), every interface (test)";
            Directory.CreateDirectory(Path.Combine(folder, "kernels", exposed));
            File.WriteAllText(Path.Combine(folder, "kernels", exposed, "kernel.json"), kernelJson.ToJsonString());

            var listeners = await ListenersOfAsync(exposed, jupyterPath: folder);

            var exposedListeners = listeners.Where(l => !l.IsLoopback).ToList();
            Assert.True(exposedListeners.Count > 0,
                $"Started without {LocalOnly}, the kernel was seen listening on loopback only ({string.Join(", ", listeners)}); "
                + $"either the check misses what it is for or the kernel no longer listens on the network by default "
                + $"(this machine's addresses: {string.Join(", ", addresses)}).");
            // It listens on the addresses this machine has on its network.
            Assert.Contains(exposedListeners, l => addresses.Contains(l.Address));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("0100007F", "127.0.0.1")]
    [InlineData("0200000A", "10.0.0.2")]
    [InlineData("00000000", "0.0.0.0")]
    [InlineData("00000000000000000000000001000000", "::1")]
    [InlineData("0000000000000000FFFF00000100007F", "::ffff:127.0.0.1")]
    [InlineData("000000000000000000000000000000000", null)]
    public void Addresses_of_the_kernel_tcp_tables_are_read_in_the_byte_order_the_kernel_prints(string hex, string? expected)
    {
        // The tables' words are in the machine's byte order; these rows are those of a little-endian machine (x86-64, arm64).
        Assert.True(BitConverter.IsLittleEndian, "these rows are written as a little-endian machine prints them");
        if (expected is null)
        {
            var error = Assert.Throws<FormatException>(() => ListeningSockets.Address(hex));
            Assert.Contains(hex, error.Message);
            return;
        }
        var address = ListeningSockets.Address(hex);
        Assert.Equal(expected, address.ToString());
        Assert.Equal(expected is "127.0.0.1" or "::1" or "::ffff:127.0.0.1", new Listener(1, address, 2048).IsLoopback);
    }

    [Theory]
    [InlineData("http://127.0.0.1:2048/", true)]
    [InlineData("http://::1:2048/", true)]
    [InlineData("http://192.0.2.2:2048/", false)]
    [InlineData("http://fd00::2:2048/", false)]
    [InlineData("http://fe80::fc:ff:fe00:1%4:2048/", false)]
    public void Addresses_the_kernel_script_probes_are_told_loopback_or_not(string url, bool loopback) =>
        Assert.Equal(loopback, JupyterHostTests.IsLoopbackUrl(url)); // as the script writes them: IPv6 hosts without brackets

    [Fact]
    public void Check_finds_a_socket_of_this_process_listening_on_every_interface()
    {
        // A check of the reader itself, without a kernel: a listener of this test process on 0.0.0.0 (any address).
        using var any = new TcpListener(System.Net.IPAddress.Any, 0);
        using var loopback = new TcpListener(System.Net.IPAddress.Loopback, 0);
        any.Start();
        loopback.Start();
        int anyPort = ((System.Net.IPEndPoint)any.LocalEndpoint).Port, loopbackPort = ((System.Net.IPEndPoint)loopback.LocalEndpoint).Port;

        var mine = ListeningSockets.Of(Environment.ProcessId);

        Assert.Contains(mine, l => l.Port == anyPort && !l.IsLoopback && l.ProcessId == Environment.ProcessId);
        Assert.Contains(mine, l => l.Port == loopbackPort && l.IsLoopback);
    }

    /// <summary>The registered kernelspec's argv and folder, as Jupyter lists it.</summary>
    internal static async Task<(IReadOnlyList<string> Argv, string Folder)> RegisteredSpecAsync()
    {
        var (listed, specs, error) = await JupyterHostTests.RunAsync("jupyter", ["kernelspec", "list", "--json"], Notebooks.Repository.Root, TimeSpan.FromMinutes(1));
        Assert.True(listed == 0, $"`jupyter kernelspec list` failed (is Debian's jupyter-client installed?): {error} {JupyterHostTests.Install}");
        var entry = JsonNode.Parse(specs)!["kernelspecs"]![JupyterHostTests.Kernel]
            ?? throw new Xunit.Sdk.XunitException($"Jupyter has no {JupyterHostTests.Kernel} kernelspec. {JupyterHostTests.Install}");
        return (entry["spec"]!["argv"]!.AsArray().Select(a => a!.GetValue<string>()).ToList(), entry["resource_dir"]!.GetValue<string>());
    }

    /// <summary>
    /// Starts the kernel named <paramref name="kernelName"/> in notebooks/ as nbconvert does, waits until its HTTP service
    /// listens, and returns everything its process tree listens on; the kernel is shut down before this returns.
    /// </summary>
    static async Task<IReadOnlyList<Listener>> ListenersOfAsync(string kernelName, string? jupyterPath)
    {
        await using var kernel = await StartedKernel.StartAsync(kernelName, jupyterPath, ReadyLimit);
        return await kernel.WaitForHttpServiceAsync(ServiceLimit);
    }

    /// <summary>The addresses other machines can reach this one on: those of its interfaces that are up, loopback aside.</summary>
    static IReadOnlySet<System.Net.IPAddress> NetworkAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => !System.Net.IPAddress.IsLoopback(a))
            .Select(a => a.AddressFamily == AddressFamily.InterNetworkV6 && a.ScopeId != 0 ? new System.Net.IPAddress(a.GetAddressBytes()) : a) // /proc's tables carry no scope id
            .ToHashSet();

    /// <summary>A kernel started by tests/Resources/start-kernel.py (jupyter_client's KernelManager), until disposed.</summary>
    sealed class StartedKernel : IAsyncDisposable
    {
        readonly Process helper;
        readonly StringBuilder output = new();
        readonly TaskCompletionSource<JsonNode> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

        StartedKernel(Process helper) => this.helper = helper;

        public int ProcessId { get; private set; }

        /// <summary>The five ports Jupyter gave the kernel (its ZeroMQ channels); any other port is the HTTP service's.</summary>
        public IReadOnlySet<int> JupyterPorts { get; private set; } = new HashSet<int>();

        string Output { get { lock (output) return output.ToString(); } }

        public static async Task<StartedKernel> StartAsync(string kernelName, string? jupyterPath, TimeSpan limit)
        {
            var repository = Notebooks.Repository;
            var start = new ProcessStartInfo(JupyterPython())
            {
                WorkingDirectory = repository.Notebooks,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string argument in new[]
                     {
                         Path.Combine(repository.Root, "tests", "Resources", "start-kernel.py"), kernelName, repository.Notebooks,
                         ((int)limit.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
                     })
                start.ArgumentList.Add(argument);
            start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
            if (jupyterPath is not null) start.Environment["JUPYTER_PATH"] = jupyterPath;
            var kernel = new StartedKernel(Process.Start(start) ?? throw new InvalidOperationException("Could not start the kernel starter."));
            kernel.helper.OutputDataReceived += (_, e) => kernel.Read(e.Data);
            kernel.helper.ErrorDataReceived += (_, e) => kernel.Read(e.Data);
            kernel.helper.BeginOutputReadLine();
            kernel.helper.BeginErrorReadLine();
            var exited = kernel.helper.WaitForExitAsync();
            var first = await Task.WhenAny(kernel.ready.Task, exited, Task.Delay(limit + TimeSpan.FromSeconds(30)));
            if (first != kernel.ready.Task)
            {
                await kernel.DisposeAsync();
                throw new Xunit.Sdk.XunitException(
                    $"The {kernelName} kernel {(first == exited ? "did not start" : $"was not ready within {limit}")}:\n{Tail(kernel.Output)}");
            }
            var info = await kernel.ready.Task;
            kernel.ProcessId = info["pid"]!.GetValue<int>();
            kernel.JupyterPorts = info["ports"]!.AsArray().Select(p => p!.GetValue<int>()).ToHashSet();
            return kernel;
        }

        void Read(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            const string marker = "kernel-ready ";
            if (line.StartsWith(marker, StringComparison.Ordinal)) ready.TrySetResult(JsonNode.Parse(line[marker.Length..])!);
        }

        /// <summary>
        /// Reads the kernel's listening sockets each second until its HTTP service listens and two reads in a row agree (the
        /// service binds its addresses one after another), and returns them all.
        /// </summary>
        public async Task<IReadOnlyList<Listener>> WaitForHttpServiceAsync(TimeSpan limit)
        {
            var clock = Stopwatch.StartNew();
            string previous = "";
            IReadOnlyList<Listener> listeners = [];
            while (clock.Elapsed < limit)
            {
                listeners = ListeningSockets.Of(ProcessId);
                string now = string.Join(", ", listeners.Select(l => l.ToString()).Order(StringComparer.Ordinal));
                if (listeners.Any(l => !JupyterPorts.Contains(l.Port)) && now == previous) return listeners;
                previous = now;
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
            throw new Xunit.Sdk.XunitException(
                $"The kernel (process {ProcessId}) started no HTTP service within {limit}; it listened on: "
                + $"{(listeners.Count == 0 ? "nothing" : string.Join(", ", listeners))}.\n{Tail(Output)}");
        }

        /// <summary>Asks the starter to shut the kernel down; stops both (by process id) if they have not ended in 30 s.</summary>
        public async ValueTask DisposeAsync()
        {
            try
            {
                await helper.StandardInput.WriteLineAsync();
                helper.StandardInput.Close();
            }
            catch (IOException) { } // it has ended already
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await helper.WaitForExitAsync(cancel.Token); }
            catch (OperationCanceledException) { helper.Kill(entireProcessTree: true); await helper.WaitForExitAsync(); }
            helper.Dispose();
        }

        /// <summary>The Python that runs Jupyter (the interpreter of the <c>jupyter</c> script), which has jupyter_client.</summary>
        static string JupyterPython()
        {
            string? jupyter = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
                .Select(folder => Path.Combine(folder, "jupyter")).FirstOrDefault(File.Exists);
            if (jupyter is null)
                throw new Xunit.Sdk.XunitException($"`jupyter` is not on PATH: Jupyter is not installed. {JupyterHostTests.Install}");
            string firstLine = File.ReadLines(jupyter).FirstOrDefault() ?? "";
            if (!firstLine.StartsWith("#!", StringComparison.Ordinal))
                throw new Xunit.Sdk.XunitException($"{jupyter} is not a script starting with #!, so the Python that runs Jupyter is unknown. {JupyterHostTests.Install}");
            var words = firstLine[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return words.Length > 1 && Path.GetFileName(words[0]) == "env" ? words[1] : words[0];
        }

        static string Tail(string text) => string.Join("\n", text.ReplaceLineEndings("\n").Split('\n').TakeLast(30));
    }
}
