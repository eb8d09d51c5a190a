using System.Net.Http.Headers;

namespace Turnout.Cli;

/// <summary>Calls Turnout's own JSON API (/api/…); one place for the HTTP details so signing can be added here.</summary>
internal static class ServerApi
{
    public static async Task<(bool Ok, string Body)> SendAsync(string endpointUrl, HttpMethod method, string path, (byte[] Bytes, string ContentType)? content, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(endpointUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(5) };
        using var request = new HttpRequestMessage(method, path);
        if (content is { } c)
        {
            request.Content = new ByteArrayContent(c.Bytes);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(c.ContentType);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return (response.IsSuccessStatusCode, response.IsSuccessStatusCode ? body : $"{(int)response.StatusCode} {response.ReasonPhrase}: {body}");
        }
        catch (HttpRequestException e)
        {
            return (false, $"Could not reach Turnout at {endpointUrl}: {e.Message}. Is `turnout serve` running there?");
        }
    }
}
