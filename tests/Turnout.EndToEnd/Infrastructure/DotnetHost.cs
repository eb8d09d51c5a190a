namespace Turnout.EndToEnd.Infrastructure;

internal static class DotnetHost
{
    /// <summary>The dotnet muxer running these tests, so the server runs on the same runtime.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        var self = Environment.ProcessPath;
        if (self is not null && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return string.IsNullOrEmpty(fromSdk) ? "dotnet" : fromSdk;
    }
}
