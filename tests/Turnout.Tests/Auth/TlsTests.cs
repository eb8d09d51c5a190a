using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Turnout.Tests.CloudWatch;
using Turnout.Wire.Hosting;

namespace Turnout.Tests.Auth;

/// <summary>--tls-cert/--tls-key with a self-signed certificate made by openssl; boto3 verifies it against the file.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task Serve_SelfSignedCertificate_Boto3AndUnsignedPayloadOverHttps()
    {
        var dir = AuthTestKeys.NewDirectory();
        var cert = Path.Combine(dir, "cert.pem");
        var key = Path.Combine(dir, "key.pem");
        var openssl = Process.Start(new ProcessStartInfo("openssl",
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
             "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]) { RedirectStandardError = true })!;
        await openssl.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.True(openssl.ExitCode == 0, await openssl.StandardError.ReadToEndAsync());

        var credentials = Path.Combine(dir, "keys.json");
        AuthTestKeys.Write(credentials, AuthTestKeys.StandardKeys());
        await using var app = TurnoutApp.Build(new ServerOptions
        {
            Urls = "https://127.0.0.1:0",
            DataDirectory = Path.Combine(dir, "data"),
            LogLevel = LogLevel.Warning,
            CredentialsFile = credentials,
            TlsCertificateFile = cert,
            TlsKeyFile = key,
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Assert.StartsWith("https://", url, StringComparison.Ordinal);

        var (exit, stdout, stderr) = await ClientRunner.RunAsync(ClientRunner.DebianPython,
        [
            ClientRunner.ScriptPath("auth_client.py"), "--endpoint-url", url, "--endpoint-name", "prod-none", "--row", "1,2",
            "--admin", $"{AuthTestKeys.AdminId}:{AuthTestKeys.AdminSecret}", "--limited", "x:y", "--metrics", "x:y",
            "--wrong-secret", "z", "--verify", cert, "--tls-only",
        ]);
        Assert.True(exit == 0, $"{ClientProcess.InstallHint}\n{stderr}");
        using var report = JsonDocument.Parse(stdout);
        Assert.Equal("OK", report.RootElement.GetProperty("ok_list").GetProperty("code").GetString());
        // Authenticated; the runtime itself answers for the missing endpoint.
        Assert.Equal("ValidationError", report.RootElement.GetProperty("ok_invoke").GetProperty("code").GetString());

        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c!.Subject == "CN=localhost" };
        using var client = new HttpClient(new SigningHandler(AuthTestKeys.AdminId, AuthTestKeys.AdminSecret, inner: handler) { UnsignedPayload = true }) { BaseAddress = new Uri(url) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{}", Encoding.UTF8) };
        request.Headers.Add("X-Amz-Target", "SageMaker.ListModels");
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        await app.StopAsync();
    }
}
