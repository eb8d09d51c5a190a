using System.Net;
using System.Net.Sockets;

namespace Turnout.EndToEnd.Infrastructure;

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
