using Turnout.Wire.Auth;

namespace Turnout.Tests.Auth;

public sealed class BindingPolicyTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://[::1]:8080")]
    [InlineData("http://127.0.0.1:0;https://localhost:8443")]
    public void Check_LoopbackWithoutCredentials_Allowed(string urls) => BindingPolicy.Check(urls, hasCredentials: false, insecureNoAuth: false);

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://+:8080")]
    [InlineData("http://[::]:8080")]
    [InlineData("http://turnout.example.com:8080")]
    [InlineData("http://127.0.0.1:8080;http://10.0.0.5:8080")]
    public void Check_NonLoopbackWithoutCredentials_Refused(string urls)
    {
        var error = Assert.Throws<StartupRefusedException>(() => BindingPolicy.Check(urls, hasCredentials: false, insecureNoAuth: false));
        Assert.Contains("--insecure-no-auth", error.Message, StringComparison.Ordinal);
        BindingPolicy.Check(urls, hasCredentials: true, insecureNoAuth: false);
        BindingPolicy.Check(urls, hasCredentials: false, insecureNoAuth: true);
    }
}
