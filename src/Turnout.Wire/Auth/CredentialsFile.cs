using System.Text.Json;
using System.Text.RegularExpressions;

namespace Turnout.Wire.Auth;

/// <summary>
/// Reads <c>{"keys": [{"accessKeyId", "secretAccessKey", "allow"?, "resources"?}]}</c>. Strict on purpose:
/// an unknown member is an error, because a misspelt "allow" silently read as "absent" would grant every action.
/// </summary>
internal static partial class CredentialsFile
{
    public static CredentialSet Parse(ReadOnlySpan<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            // JsonException messages can quote the offending character; report the position only.
            throw new CredentialsFileException($"it is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}).");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CredentialsFileException("the top level must be an object {\"keys\": [...]}.");
            }

            JsonElement? keysElement = null;
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals("keys"))
                {
                    keysElement = property.Value;
                }
                else
                {
                    throw new CredentialsFileException($"unknown top-level member \"{Safe(property.Name)}\"; only \"keys\" is allowed.");
                }
            }

            if (keysElement is not { ValueKind: JsonValueKind.Array } keys)
            {
                throw new CredentialsFileException("\"keys\" must be an array of key objects.");
            }

            var result = new List<AccessKey>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var element in keys.EnumerateArray())
            {
                var key = ParseKey(element, index);
                if (!seen.Add(key.AccessKeyId))
                {
                    throw new CredentialsFileException($"keys[{index}]: accessKeyId {key.AccessKeyId} appears more than once.");
                }

                result.Add(key);
                index++;
            }

            return new CredentialSet(result);
        }
    }

    private static AccessKey ParseKey(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CredentialsFileException($"keys[{index}] must be an object.");
        }

        string? id = null, secret = null;
        List<string>? allow = null, resources = null;
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "accessKeyId":
                    id = String(property.Value, index, "accessKeyId");
                    break;
                case "secretAccessKey":
                    secret = String(property.Value, index, "secretAccessKey");
                    break;
                case "allow":
                    allow = Patterns(property.Value, index, "allow");
                    break;
                case "resources":
                    resources = Patterns(property.Value, index, "resources");
                    break;
                default:
                    throw new CredentialsFileException($"keys[{index}]: unknown member \"{Safe(property.Name)}\" (allowed: accessKeyId, secretAccessKey, allow, resources).");
            }
        }

        if (id is null || !AccessKeyIdPattern().IsMatch(id))
        {
            throw new CredentialsFileException($"keys[{index}]: accessKeyId is required: 1-128 characters of letters, digits and _+=,.@-.");
        }

        if (string.IsNullOrEmpty(secret))
        {
            throw new CredentialsFileException($"keys[{index}] ({id}): secretAccessKey is required.");
        }

        if (secret.Length < 16)
        {
            throw new CredentialsFileException($"keys[{index}] ({id}): secretAccessKey is shorter than 16 characters; use a long random secret (AWS's are 40).");
        }

        foreach (var action in allow ?? [])
        {
            if (action != "*" && !ActionPattern().IsMatch(action))
            {
                throw new CredentialsFileException($"keys[{index}] ({id}): allow entry \"{Safe(action)}\" is not service:Operation (e.g. sagemaker:*, cloudwatch:GetMetricStatistics).");
            }
        }

        return new AccessKey(id, secret, allow, resources);
    }

    private static string String(JsonElement value, int index, string name) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new CredentialsFileException($"keys[{index}]: {name} must be a string.");

    private static List<string> Patterns(JsonElement value, int index, string name)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new CredentialsFileException($"keys[{index}]: {name} must be an array of strings.");
        }

        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                throw new CredentialsFileException($"keys[{index}]: every {name} entry must be a non-empty string.");
            }

            list.Add(item.GetString()!);
        }

        return list;
    }

    /// <summary>Member names are echoed in errors; cap them so a pasted secret used as a name is not logged whole.</summary>
    private static string Safe(string text) => text.Length <= 32 ? text : text[..8] + "…";

    [GeneratedRegex("^[A-Za-z0-9_+=,.@-]{1,128}$")]
    private static partial Regex AccessKeyIdPattern();

    [GeneratedRegex("^[a-z0-9*?-]+:[A-Za-z0-9*?]+$")]
    private static partial Regex ActionPattern();
}
