using System.Collections.Frozen;
using System.Text.Json;

namespace Turnout.ControlPlane.Instances;

/// <summary>
/// The <c>ml.*</c> instance types Turnout accepts and their resource profiles: the built-in catalogue
/// (instance-types.json, every type SageMaker accepts for a production variant) with the entries of an
/// optional <c>--instance-catalog FILE</c> added or replacing built-in ones. See docs/instance-types.md.
/// </summary>
public sealed class InstanceCatalog
{
    private const string ResourceName = "Turnout.ControlPlane.instance-types.json";
    private readonly FrozenDictionary<string, InstanceProfile> _profiles;

    private InstanceCatalog(Dictionary<string, InstanceProfile> profiles)
    {
        _profiles = profiles.ToFrozenDictionary(StringComparer.Ordinal);
        Names = [.. profiles.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>The built-in catalogue alone.</summary>
    public static InstanceCatalog BuiltIn { get; } = Load(null);

    public IReadOnlyList<string> Names { get; }

    public bool TryGet(string instanceType, out InstanceProfile profile) => _profiles.TryGetValue(instanceType, out profile!);

    /// <summary>The built-in catalogue plus <paramref name="overrideFile"/>; throws <see cref="InvalidDataException"/> naming the problem.</summary>
    public static InstanceCatalog Load(string? overrideFile)
    {
        var profiles = new Dictionary<string, InstanceProfile>(StringComparer.Ordinal);
        using (var stream = typeof(InstanceCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The built-in instance catalogue {ResourceName} is missing from the assembly."))
        {
            Read(stream, "the built-in instance catalogue", profiles);
        }

        if (overrideFile is not null)
        {
            var path = Path.GetFullPath(overrideFile);
            if (!File.Exists(path))
            {
                throw new InvalidDataException($"The instance catalogue {path} does not exist.");
            }

            using var stream = File.OpenRead(path);
            Read(stream, path, profiles);
        }

        return new InstanceCatalog(profiles);
    }

    private static void Read(Stream stream, string source, Dictionary<string, InstanceProfile> profiles)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source} is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty("instanceTypes", out var types) || types.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{source} needs an \"instanceTypes\" object: {{\"instanceTypes\": {{\"ml.m5.xlarge\": {{\"vcpus\": 4, \"memoryGiB\": 16}}}}}}.");
            }

            foreach (var entry in types.EnumerateObject())
            {
                var name = entry.Name;
                if (!name.StartsWith("ml.", StringComparison.Ordinal) || name.Length > 64)
                {
                    throw new InvalidDataException($"{source}: \"{name}\" is not an ml.* instance type name.");
                }

                var vcpus = Positive(entry.Value, "vcpus", source, name);
                var memory = entry.Value.TryGetProperty("memoryGiB", out var m) && m.ValueKind == JsonValueKind.Number && m.GetDouble() > 0
                    ? m.GetDouble()
                    : throw new InvalidDataException($"{source}: {name} needs \"memoryGiB\" as a positive number.");
                var concurrency = entry.Value.TryGetProperty("concurrency", out _) ? Positive(entry.Value, "concurrency", source, name) : vcpus;
                profiles[name] = new InstanceProfile(name, vcpus, memory, concurrency);
            }
        }
    }

    private static int Positive(JsonElement entry, string member, string source, string name) =>
        entry.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n > 0
            ? n
            : throw new InvalidDataException($"{source}: {name} needs \"{member}\" as a positive whole number.");
}
