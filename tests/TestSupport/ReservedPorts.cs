using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TestSupport;

/// <summary>
/// Ports for what cannot bind port 0 and report back (Orleans' silo and gateway ports, PostgreSQL, a gateway whose
/// address must be known before it starts). Each port lies outside the kernel's ephemeral range, so no outgoing
/// connection takes it; is free when checked by binding; and is held with a lock file for the life of this process,
/// so no test process running beside this one hands it out between the check and its use.
/// </summary>
public static class ReservedPorts
{
    /// <summary>Below this lie well-known and registered services' ports.</summary>
    private const int Lowest = 10000;

    private static readonly string LockDirectory = Path.Combine(Path.GetTempPath(), $"wechat-test-ports-{Environment.UserName}");
    private static readonly (int First, int Last) Range = OutsideEphemeralRange();
    private static readonly List<FileStream> Held = [];
    private static readonly Lock Gate = new();

    public static int Take()
    {
        lock (Gate)
        {
            Directory.CreateDirectory(LockDirectory);
            var size = Range.Last - Range.First + 1;
            var start = Random.Shared.Next(size);
            for (var i = 0; i < size; i++)
            {
                var port = Range.First + (start + i) % size;
                if (TryLock(port) is not { } reservation)
                {
                    continue;
                }

                if (IsFree(port))
                {
                    Held.Add(reservation);
                    return port;
                }

                reservation.Dispose();
            }

            throw new InvalidOperationException($"No free port in {Range.First}-{Range.Last} (reservations in {LockDirectory}).");
        }
    }

    /// <summary>An exclusive lock (flock) on the port's file: released by the kernel when this process ends, however it ends.</summary>
    private static FileStream? TryLock(int port)
    {
        try
        {
            return new FileStream(Path.Combine(LockDirectory, port.ToString(CultureInfo.InvariantCulture)), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Nothing listens on it, on any address (a server left behind by a crashed test run holds no lock).</summary>
    private static bool IsFree(int port) =>
        CanListen(AddressFamily.InterNetwork, IPAddress.Any, port) == SocketError.Success
        && CanListen(AddressFamily.InterNetworkV6, IPAddress.IPv6Any, port) != SocketError.AddressAlreadyInUse;

    /// <summary>Listens on the port for a moment; the error, or <see cref="SocketError.Success"/> (a machine without IPv6 answers something else).</summary>
    private static SocketError CanListen(AddressFamily family, IPAddress any, int port)
    {
        try
        {
            using var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
            if (family == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }

            socket.Bind(new IPEndPoint(any, port));
            socket.Listen();
            return SocketError.Success;
        }
        catch (SocketException ex)
        {
            return ex.SocketErrorCode;
        }
    }

    /// <summary>The larger span of ports above <see cref="Lowest"/> on either side of ip_local_port_range.</summary>
    private static (int First, int Last) OutsideEphemeralRange()
    {
        const string rangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        var bounds = File.Exists(rangeFile)
            ? File.ReadAllText(rangeFile).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray()
            : [32768, 60999];
        (int First, int Last) below = (Lowest, bounds[0] - 1), above = (bounds[1] + 1, IPEndPoint.MaxPort);
        var wider = below.Last - below.First >= above.Last - above.First ? below : above;
        return wider.Last - wider.First >= 100
            ? wider
            : throw new InvalidOperationException($"The ephemeral port range {bounds[0]}-{bounds[1]} leaves too few ports for tests outside it.");
    }
}
