using System.Globalization;
using Turnout.Cli.Commands;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Turnout.Cli.Apply;

/// <summary>
/// Reads endpoint.yaml strictly: unknown keys, missing fields and wrong types are errors that name the file,
/// line and column, so a typo ("wieght") is never silently ignored.
/// </summary>
internal sealed class ApplySpecReader
{
    private readonly string _file;
    private readonly string _baseDirectory;

    private ApplySpecReader(string file, string baseDirectory)
    {
        _file = file;
        _baseDirectory = baseDirectory;
    }

    public static ApplySpec Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"-f {path}: no such file.");
        }

        var full = Path.GetFullPath(path);
        return Parse(File.ReadAllText(full), path, Path.GetDirectoryName(full)!);
    }

    /// <param name="file">Name used in error messages.</param>
    /// <param name="baseDirectory">Relative model paths are resolved against it.</param>
    public static ApplySpec Parse(string yaml, string file, string baseDirectory)
    {
        var reader = new ApplySpecReader(file, baseDirectory);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new UsageException($"{file}:{e.Start.Line}:{e.Start.Column}: not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }

        if (stream.Documents.Count != 1)
        {
            throw new UsageException($"{file}: expected one YAML document, found {stream.Documents.Count}.");
        }

        return reader.Spec(stream.Documents[0].RootNode);
    }

    private ApplySpec Spec(YamlNode root)
    {
        var map = Mapping(root, "the top level", "models", "endpoint");
        var models = map.TryGetValue("models", out var m)
            ? Sequence(m, "models").Select((node, i) => Model(node, $"models[{i}]")).ToList()
            : [];
        var duplicate = models.GroupBy(x => x.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw Error(m!, $"model '{duplicate.Key}' is declared twice.");
        }

        var endpoint = Endpoint(Required(map, root, "endpoint", "the top level"), models);
        return new ApplySpec(models, endpoint);
    }

    private ModelSpec Model(YamlNode node, string where)
    {
        var map = Mapping(node, where, "name", "modelData", "image");
        var name = Name(Required(map, node, "name", where), $"{where}.name");
        var data = Scalar(Required(map, node, "modelData", where), $"{where}.modelData");
        var image = map.TryGetValue("image", out var i) ? Scalar(i, $"{where}.image") : ModelsCommand.DefaultImage;
        return new ModelSpec(name, ModelsCommand.ModelDataUrl(data, _baseDirectory), image);
    }

    private EndpointSpec Endpoint(YamlNode node, IReadOnlyList<ModelSpec> models)
    {
        var map = Mapping(node, "endpoint", "name", "instanceType", "variants", "deployment");
        var name = Name(Required(map, node, "name", "endpoint"), "endpoint.name");
        var instanceType = map.TryGetValue("instanceType", out var t) ? Scalar(t, "endpoint.instanceType") : ConfigsCommand.DefaultInstanceType;
        var variantsNode = Required(map, node, "variants", "endpoint");
        var variants = Sequence(variantsNode, "endpoint.variants").Select((v, i) => Variant(v, $"endpoint.variants[{i}]")).ToList();
        if (variants.Count == 0)
        {
            throw Error(variantsNode, "endpoint.variants: declare at least one variant.");
        }

        var twice = variants.GroupBy(v => v.Name).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw Error(variantsNode, $"variant '{twice.Key}' is declared twice.");
        }

        if (variants.All(v => v.Weight == 0))
        {
            throw Error(variantsNode, "at least one variant needs a weight above 0.");
        }

        DeploymentSpec? deployment = null;
        if (map.TryGetValue("deployment", out var d))
        {
            var dm = Mapping(d, "endpoint.deployment", "canary", "linear", "wait");
            deployment = new DeploymentSpec(
                dm.TryGetValue("canary", out var c) ? Scalar(c, "endpoint.deployment.canary") : null,
                dm.TryGetValue("linear", out var l) ? Scalar(l, "endpoint.deployment.linear") : null,
                dm.TryGetValue("wait", out var w) ? Scalar(w, "endpoint.deployment.wait") : null);
            try
            {
                EndpointsCommand.DeploymentConfig(deployment.Canary, deployment.Linear, deployment.Wait, []);
            }
            catch (UsageException e)
            {
                throw Error(d, "endpoint.deployment: " + e.Message.Replace("--", "", StringComparison.Ordinal));
            }
        }

        _ = models;
        return new EndpointSpec(name, instanceType, variants, deployment);
    }

    private VariantDeclaration Variant(YamlNode node, string where)
    {
        var map = Mapping(node, where, "name", "model", "weight", "instances");
        var name = Name(Required(map, node, "name", where), $"{where}.name");
        var model = Name(Required(map, node, "model", where), $"{where}.model");
        var weight = 1f;
        if (map.TryGetValue("weight", out var w))
        {
            var text = Scalar(w, $"{where}.weight").TrimEnd('%');
            if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out weight) || !float.IsFinite(weight) || weight < 0)
            {
                throw Error(w, $"{where}.weight must be a number of 0 or more, not '{text}'.");
            }
        }

        var instances = 1;
        if (map.TryGetValue("instances", out var n)
            && (!int.TryParse(Scalar(n, $"{where}.instances"), NumberStyles.None, CultureInfo.InvariantCulture, out instances) || instances < 1))
        {
            throw Error(n, $"{where}.instances must be a whole number of 1 or more.");
        }

        return new VariantDeclaration(name, model, weight, instances);
    }

    private Dictionary<string, YamlNode> Mapping(YamlNode node, string where, params string[] allowed)
    {
        if (node is not YamlMappingNode mapping)
        {
            throw Error(node, $"{where} must be a mapping with keys {string.Join(", ", allowed)}.");
        }

        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = keyNode is YamlScalarNode { Value: { } k } ? k : throw Error(keyNode, $"{where}: keys must be plain words.");
            if (!allowed.Contains(key))
            {
                throw Error(keyNode, $"unknown key '{key}' in {where}; expected {string.Join(", ", allowed)}.");
            }

            if (!result.TryAdd(key, value))
            {
                throw Error(keyNode, $"'{key}' appears twice in {where}.");
            }
        }

        return result;
    }

    private IEnumerable<YamlNode> Sequence(YamlNode node, string where) =>
        node as YamlSequenceNode ?? throw Error(node, $"{where} must be a list (lines starting with '- ').");

    private string Scalar(YamlNode node, string where) =>
        node is YamlScalarNode { Value: { Length: > 0 } value } ? value : throw Error(node, $"{where} must be a non-empty value.");

    private string Name(YamlNode node, string where)
    {
        var value = Scalar(node, where);
        return value.Length <= 63 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && value[0] != '-' && value[^1] != '-'
            ? value
            : throw Error(node, $"{where} '{value}' must be 1–63 letters, digits and inner hyphens (SageMaker's rule for names).");
    }

    private YamlNode Required(Dictionary<string, YamlNode> map, YamlNode parent, string key, string where) =>
        map.TryGetValue(key, out var value) ? value : throw Error(parent, $"{where} is missing '{key}'.");

    private UsageException Error(YamlNode node, string message) => new($"{_file}:{node.Start.Line}:{node.Start.Column}: {message}");
}
