using System.Net;
using System.Text.Json.Nodes;

namespace Turnout.EndToEnd.Infrastructure;

/// <summary>One raw HTTP answer: status, headers (content headers included) and body text.</summary>
internal sealed record WireResponse(HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("JSON body is null");

    public override string ToString() =>
        $"HTTP {(int)Status}\n{string.Join('\n', Headers.Select(h => $"{h.Key}: {h.Value}"))}\n\n{Body}";

    public static async Task<WireResponse> ReadAsync(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = string.Join(",", values);
        }

        return new WireResponse(response.StatusCode, headers, await response.Content.ReadAsStringAsync());
    }
}
