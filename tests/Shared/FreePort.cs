using System.Net;
using System.Net.Sockets;

namespace Turnout.TestSupport;

/// <summary>Free loopback ports for servers the tests start (shared by the EndToEnd and Browser tests).</summary>
internal static class FreePort
{
    /// <summary>A loopback port the OS just handed out; a race with other binders is possible, so callers retry.</summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
