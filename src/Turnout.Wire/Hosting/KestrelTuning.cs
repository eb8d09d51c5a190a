using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Turnout.Wire.Hosting;

/// <summary>
/// Request-path settings for the web host, each chosen by measurement (bench/README.md, "Engineering log").
/// The benchmark's Kestrel ceiling (bench/Ceiling) compiles this same file, so the ceiling stays a ceiling.
/// </summary>
public static class KestrelTuning
{
    public static void Apply(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // ASP.NET Core starts an Activity and a logging scope for every request whenever its hosting logger is
        // enabled at any level; the "Microsoft" filter at Warning still enables it. Turnout logs its own request
        // lines, so turning this category off saves ~830 B and a few µs per request.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
    }
}
