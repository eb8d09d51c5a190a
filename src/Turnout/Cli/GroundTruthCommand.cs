using System.CommandLine;
using System.Text.Json;

namespace Turnout.Cli;

/// <summary><c>turnout ground-truth upload</c>: sends labels in Model Monitor's ground-truth record format.</summary>
internal static class GroundTruthCommand
{
    public static Command Create()
    {
        var endpoint = new Option<string>("--endpoint") { Description = "Endpoint name.", Required = true };
        var file = new Option<FileInfo>("--file") { Description = "JSON lines: {\"groundTruthData\":{\"data\":\"1\",\"encoding\":\"CSV\"},\"eventMetadata\":{\"eventId\":\"…\"},\"eventVersion\":\"0\"}; eventId is the capture's eventId or your InferenceId.", Required = true };
        var url = new Option<string>("--endpoint-url") { Description = "Turnout server URL.", DefaultValueFactory = _ => Client.GlobalOptions.EnvironmentUrl };
        var upload = new Command("upload", """
            Upload ground-truth labels for an endpoint's captured traffic.

            Exit codes: 0 all stored, 2 some lines refused (listed), 3 endpoint or server error.

            Example:
              turnout ground-truth upload --endpoint churn-ab --file labels.jsonl
            """)
        {
            endpoint, file, url,
        };
        upload.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"{path.FullName} does not exist.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var bytes = await File.ReadAllBytesAsync(path.FullName, cancellationToken).ConfigureAwait(false);
            var (ok, body) = await ServerApi.SendAsync(parse.GetValue(url)!, HttpMethod.Post,
                $"api/endpoints/{Uri.EscapeDataString(parse.GetValue(endpoint)!)}/ground-truth", (bytes, "application/jsonlines"), cancellationToken).ConfigureAwait(false);
            if (!ok && !body.Contains("\"rejected\"", StringComparison.Ordinal))
            {
                await Console.Error.WriteLineAsync(body).ConfigureAwait(false);
                return ExitCodes.Endpoint;
            }

            var json = body[(body.IndexOf('{', StringComparison.Ordinal))..];
            using var doc = JsonDocument.Parse(json);
            var accepted = doc.RootElement.GetProperty("accepted").GetInt32();
            var rejected = doc.RootElement.GetProperty("rejected");
            Console.Out.WriteLine($"{accepted} label(s) stored for {parse.GetValue(endpoint)}.");
            foreach (var line in rejected.EnumerateArray())
            {
                await Console.Error.WriteLineAsync($"line {line.GetProperty("line").GetInt32()}: {line.GetProperty("reason").GetString()}").ConfigureAwait(false);
            }

            return rejected.GetArrayLength() > 0 ? ExitCodes.Usage : ExitCodes.Ok;
        });
        return new Command("ground-truth", "Ground-truth labels for captured traffic.") { upload };
    }
}
