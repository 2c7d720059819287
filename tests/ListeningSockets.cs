using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NirNet.Tests;

/// <summary>A TCP socket in the LISTEN state and the process that holds it.</summary>
internal sealed record Listener(int ProcessId, IPAddress Address, int Port)
{
    /// <summary>Whether only this machine can connect: 127.0.0.0/8 or ::1 (also written as ::ffff:127.x.y.z).</summary>
    public bool IsLoopback => IPAddress.IsLoopback(Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{(Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString())}:{Port} (process {ProcessId})");
}

/// <summary>
/// The TCP sockets a process and its descendants listen on, read from Linux's /proc as <c>ss -ltnp</c> reads them: each
/// process's open files (<c>/proc/PID/fd</c>, links named <c>socket:[INODE]</c>) matched by inode to the LISTEN entries
/// (state 0A) of <c>/proc/PID/net/tcp</c> and <c>/proc/PID/net/tcp6</c>.
/// </summary>
internal static class ListeningSockets
{
    const string ListenState = "0A";

    /// <summary>The listening sockets of <paramref name="rootProcessId"/> and every process it started, directly or not.</summary>
    public static IReadOnlyList<Listener> Of(int rootProcessId)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("Listening sockets are read from Linux's /proc; this is not Linux.");
        var owners = new Dictionary<long, int>();
        foreach (int pid in ProcessTree(rootProcessId))
            foreach (long inode in SocketInodes(pid))
                owners.TryAdd(inode, pid);
        string table = $"/proc/{rootProcessId}/net";
        return Listening(Path.Combine(table, "tcp")).Concat(Listening(Path.Combine(table, "tcp6")))
            .Where(entry => owners.ContainsKey(entry.Inode))
            .Select(entry => new Listener(owners[entry.Inode], entry.Address, entry.Port))
            .ToList();
    }

    /// <summary><paramref name="root"/> and its descendants, from the parent ids in <c>/proc/PID/stat</c>.</summary>
    public static IReadOnlyList<int> ProcessTree(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (string folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(folder, "stat")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; } // it ended meanwhile
            // "PID (COMMAND) STATE PPID …": the command may hold spaces and parentheses, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            int parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (!children.TryGetValue(parent, out var list)) children[parent] = list = [];
            list.Add(pid);
        }
        var tree = new List<int>();
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out int pid))
        {
            tree.Add(pid);
            foreach (int child in children.GetValueOrDefault(pid, [])) pending.Push(child);
        }
        return tree;
    }

    static IEnumerable<long> SocketInodes(int pid)
    {
        string[] descriptors;
        try { descriptors = Directory.GetFileSystemEntries($"/proc/{pid}/fd"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { yield break; }
        foreach (string descriptor in descriptors)
        {
            string? target;
            try { target = new FileInfo(descriptor).LinkTarget; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; } // closed meanwhile
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
                && long.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out long inode))
                yield return inode;
        }
    }

    /// <summary>The LISTEN entries of one /proc/net/tcp* table: "sl local_address rem_address st … uid timeout inode".</summary>
    static IEnumerable<(IPAddress Address, int Port, long Inode)> Listening(string table)
    {
        if (!File.Exists(table)) yield break; // no IPv6 on this machine
        foreach (string line in File.ReadLines(table).Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10 || fields[3] != ListenState) continue;
            var local = fields[1].Split(':');
            yield return (Address(local[0]), int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                long.Parse(fields[9], CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// An address as the kernel prints it: the network-order bytes read as 32-bit words in the machine's byte order, each
    /// word in hex (one word for IPv4, four for IPv6).
    /// </summary>
    internal static IPAddress Address(string hex)
    {
        if (hex.Length is not (8 or 32))
            throw new FormatException($"\"{hex}\" is not an address of /proc/net/tcp (8 or 32 hex digits).");
        var bytes = Convert.FromHexString(hex);
        if (BitConverter.IsLittleEndian)
            for (int word = 0; word < bytes.Length; word += 4) Array.Reverse(bytes, word, 4);
        return new IPAddress(bytes);
    }
}
