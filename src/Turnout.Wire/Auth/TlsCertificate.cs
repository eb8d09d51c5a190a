using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Turnout.Wire.Hosting;

namespace Turnout.Wire.Auth;

/// <summary>Loads <c>--tls-cert/--tls-key</c> (PEM) and checks they fit the https:// URLs.</summary>
internal static class TlsCertificate
{
    public static X509Certificate2? Load(ServerOptions options)
    {
        var https = BindingPolicy.HasHttps(options.Urls);
        if (options.TlsCertificateFile is null)
        {
            if (options.TlsKeyFile is not null)
            {
                throw new StartupRefusedException("--tls-key was given without --tls-cert.");
            }

            return https
                ? throw new StartupRefusedException($"--urls has an https:// address ({options.Urls}) but no --tls-cert was given.")
                : null;
        }

        if (!https)
        {
            throw new StartupRefusedException($"--tls-cert was given but --urls ({options.Urls}) has no https:// address; use e.g. --urls https://0.0.0.0:8443.");
        }

        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(options.TlsCertificateFile, options.TlsKeyFile);
            if (!certificate.HasPrivateKey)
            {
                throw new StartupRefusedException($"The certificate {options.TlsCertificateFile} has no private key; give --tls-key.");
            }

            return certificate;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new StartupRefusedException($"Cannot load the TLS certificate {options.TlsCertificateFile}{(options.TlsKeyFile is null ? string.Empty : " / key " + options.TlsKeyFile)}: {e.Message}", e);
        }
    }
}
