using System.Diagnostics;
using System.Text.RegularExpressions;
using Turnout.Tests.Models;
using YamlDotNet.RepresentationModel;

namespace Turnout.Tests.Deploy;

/// <summary>
/// Offline lint of deploy/ (no Docker engine or Kubernetes here): every YAML document parses and is of a
/// kind we ship, the manifests agree with each other, every <c>turnout serve</c> option they use is in the
/// real <c>turnout serve --help</c>, and nginx accepts the example configuration.
/// </summary>
public sealed partial class DeployLintTests
{
    private static string DeployDir => Path.Combine(RepoPaths.Root, "deploy");

    private static readonly Lazy<string> ServeHelp = new(RunServeHelp);

    [Fact]
    public void EveryYamlDocumentParsesAndHasAKnownKind()
    {
        var files = YamlFiles();
        Assert.NotEmpty(files);
        var kinds = new List<string>();
        foreach (var file in files)
        {
            var documents = Load(file);
            Assert.True(documents.Count > 0, $"{file} holds no YAML document");
            foreach (var root in documents)
            {
                var kind = Scalar(root, "kind");
                Assert.True(kind is not null, $"{file}: a document without kind");
                Assert.True(Scalar(root, "apiVersion") is not null, $"{file}: {kind} without apiVersion");
                Assert.Contains(kind, new[] { "ConfigMap", "Deployment", "Service", "Kustomization" });
                if (kind != "Kustomization")
                {
                    Assert.True(Scalar(root, "metadata", "name") is not null, $"{file}: {kind} without metadata.name");
                }

                kinds.Add(kind!);
            }
        }

        Assert.Contains("Deployment", kinds);
        Assert.Contains("Service", kinds);
        Assert.Contains("ConfigMap", kinds);
    }

    [Fact]
    public void KustomizationListsEveryManifest()
    {
        var dir = Path.Combine(DeployDir, "kubernetes");
        var kustomization = Load(Path.Combine(dir, "kustomization.yaml")).Single();
        var listed = Sequence(kustomization, "resources").Select(n => ((YamlScalarNode)n).Value!).Order().ToArray();
        var present = Directory.GetFiles(dir, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order().ToArray();
        Assert.Equal(present, listed);
    }

    [Fact]
    public void ManifestsAgreeWithEachOther()
    {
        var documents = YamlFiles().SelectMany(Load).ToList();
        var deployment = documents.Single(d => Scalar(d, "kind") == "Deployment");
        var service = documents.Single(d => Scalar(d, "kind") == "Service");
        var configMap = documents.Single(d => Scalar(d, "kind") == "ConfigMap");

        // The Service selects the Deployment's pods.
        var podLabels = Mapping(deployment, "spec", "template", "metadata", "labels");
        foreach (var (key, value) in Mapping(service, "spec", "selector").Children)
        {
            Assert.Equal(((YamlScalarNode)value).Value, ((YamlScalarNode)podLabels.Children[key]).Value);
        }

        var container = (YamlMappingNode)Sequence(deployment, "spec", "template", "spec", "containers").Single();
        var portNames = Sequence(container, "ports").Cast<YamlMappingNode>().Select(p => Scalar(p, "name")).ToHashSet();
        foreach (var port in Sequence(service, "spec", "ports").Cast<YamlMappingNode>())
        {
            Assert.Contains(Scalar(port, "targetPort"), portNames);
        }

        // Readiness is Turnout's own: /ping answers 200 once the stored endpoints serve.
        Assert.Equal("/ping", Scalar(container, "readinessProbe", "httpGet", "path"));
        Assert.NotNull(Scalar(container, "resources", "requests", "cpu"));
        Assert.NotNull(Scalar(container, "resources", "limits", "memory"));

        // Every $(VAR) in the arguments is defined: by env, or by the ConfigMap the container imports.
        var configMapName = Scalar(configMap, "metadata", "name");
        Assert.Equal(configMapName, Scalar((YamlMappingNode)Sequence(container, "envFrom").Single(), "configMapRef", "name"));
        var defined = Sequence(container, "env").Cast<YamlMappingNode>().Select(e => Scalar(e, "name")!)
            .Concat(Mapping(configMap, "data").Children.Keys.Select(k => ((YamlScalarNode)k).Value!))
            .ToHashSet();
        foreach (var arg in Sequence(container, "args").Select(a => ((YamlScalarNode)a).Value!))
        {
            foreach (Match reference in VariableReference().Matches(arg))
            {
                Assert.True(defined.Contains(reference.Groups[1].Value), $"argument {arg} uses $({reference.Groups[1].Value}), which neither env nor the ConfigMap defines");
            }
        }

        // PostgreSQL is an external dependency: its URL comes from a Secret, never from the manifests.
        var store = Sequence(container, "env").Cast<YamlMappingNode>().Single(e => Scalar(e, "name") == "TURNOUT_STORE");
        Assert.NotNull(Scalar(store, "valueFrom", "secretKeyRef", "name"));
    }

    [Fact]
    public void EveryServeOptionInDeployExistsInServeHelp()
    {
        var used = new List<(string File, string Option)>();
        foreach (var file in YamlFiles())
        {
            foreach (var root in Load(file).Where(d => Scalar(d, "kind") == "Deployment"))
            {
                foreach (var container in Sequence(root, "spec", "template", "spec", "containers").Cast<YamlMappingNode>())
                {
                    var args = Sequence(container, "args").Select(a => ((YamlScalarNode)a).Value!).ToList();
                    Assert.Equal("serve", args[0]);
                    used.AddRange(args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).Select(a => (file, a)));
                }
            }
        }

        var dockerfile = Path.Combine(DeployDir, "Dockerfile");
        used.AddRange(ServeOptionsIn(File.ReadAllText(dockerfile)).Select(o => (dockerfile, o)));
        Assert.Contains(used, u => u.File == dockerfile && u.Option == "--urls");

        var help = ServeHelp.Value;
        var offered = HelpOption().Matches(help).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Contains("--urls", offered);
        var unknown = used.Where(u => !offered.Contains(u.Option)).Select(u => $"{Path.GetRelativePath(RepoPaths.Root, u.File)}: {u.Option}").Distinct().ToList();
        Assert.True(unknown.Count == 0, "deploy/ uses options turnout serve --help does not list:\n" + string.Join('\n', unknown) + "\n---- help ----\n" + help);
    }

    [Fact]
    public void DockerfileBuildsInStagesAndRunsAsNonRoot()
    {
        var lines = File.ReadAllLines(Path.Combine(DeployDir, "Dockerfile")).Where(l => !l.TrimStart().StartsWith('#')).ToList();
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, stages.Count);
        Assert.Contains("dotnet/sdk:", stages[0], StringComparison.Ordinal);
        Assert.Contains("dotnet/aspnet:", stages[1], StringComparison.Ordinal);
        var runtime = lines.SkipWhile(l => l != stages[1]).ToList();
        Assert.Contains(runtime, l => l.StartsWith("USER ", StringComparison.Ordinal) && !l.Contains("root", StringComparison.Ordinal));
        Assert.Contains(runtime, l => l.StartsWith("COPY --from=build ", StringComparison.Ordinal));

        // Every file the build stage copies from the context exists in the repository.
        foreach (var copy in lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
        {
            var parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var source in parts[1..^1])
            {
                var path = Path.Combine(RepoPaths.Root, source);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"Dockerfile copies {source}, which is not in the repository");
            }
        }
    }

    [Fact]
    public async Task NginxAcceptsTheExampleConfiguration()
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);
        Assert.True(nginx is not null, "nginx is not installed (.ci/run installs Debian's nginx)");
        var prefix = Directory.CreateTempSubdirectory("turnout-nginx-lint-");
        try
        {
            Directory.CreateDirectory(Path.Combine(prefix.FullName, "tmp"));
            var start = new ProcessStartInfo(nginx!) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { "-t", "-c", Path.Combine(DeployDir, "nginx", "nginx.conf"), "-p", prefix.FullName + "/" })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var output = await stderr;
            Assert.True(process.ExitCode == 0, "nginx -t refused deploy/nginx/nginx.conf:\n" + output);
            Assert.Contains("least_conn", File.ReadAllText(Path.Combine(DeployDir, "nginx", "turnout.conf")), StringComparison.Ordinal);
        }
        finally
        {
            prefix.Delete(recursive: true);
        }
    }

    /// <summary>Options given to <c>turnout serve</c> in a Dockerfile: its CMD and the example command lines in comments.</summary>
    internal static IEnumerable<string> ServeOptionsIn(string dockerfile)
    {
        // Join continuation lines (also inside comments) into logical command lines.
        var logical = new List<string>();
        var current = "";
        foreach (var raw in dockerfile.Split('\n'))
        {
            var line = raw.TrimStart().TrimStart('#').Trim();
            current = current.Length == 0 ? line : current + " " + line;
            if (current.EndsWith('\\'))
            {
                current = current[..^1];
                continue;
            }

            logical.Add(current);
            current = "";
        }

        foreach (var line in logical)
        {
            var serve = ServeWord().Match(line);
            if (!serve.Success)
            {
                continue;
            }

            foreach (Match option in OptionWord().Matches(line[(serve.Index + serve.Length)..]))
            {
                yield return option.Value;
            }
        }
    }

    private static string RunServeHelp()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "turnout.dll");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "serve", "--help" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException("turnout serve --help did not finish within 60 s");
        }

        var help = stdout.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"turnout serve --help exited with {process.ExitCode}:\n{stderr}");
        }

        return help;
    }

    private static List<string> YamlFiles() =>
        Directory.EnumerateFiles(DeployDir, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order()
            .ToList();

    private static List<YamlMappingNode> Load(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(file))
        {
            stream.Load(reader);
        }

        return stream.Documents.Select(d => Assert.IsType<YamlMappingNode>(d.RootNode)).ToList();
    }

    private static YamlNode? Node(YamlMappingNode root, params string[] path)
    {
        YamlNode? node = root;
        foreach (var key in path)
        {
            node = node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
        }

        return node;
    }

    private static string? Scalar(YamlMappingNode root, params string[] path) => (Node(root, path) as YamlScalarNode)?.Value;

    private static YamlMappingNode Mapping(YamlMappingNode root, params string[] path) =>
        Assert.IsType<YamlMappingNode>(Node(root, path));

    private static YamlSequenceNode Sequence(YamlMappingNode root, params string[] path) =>
        Assert.IsType<YamlSequenceNode>(Node(root, path));

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^\s+(--[a-z][a-z0-9-]*)", RegexOptions.Multiline)]
    private static partial Regex HelpOption();

    [GeneratedRegex(@"(^|[\s""\[])serve[""\s,]")]
    private static partial Regex ServeWord();

    [GeneratedRegex(@"(?<![\w-])--[a-z][a-z0-9-]*")]
    private static partial Regex OptionWord();
}
