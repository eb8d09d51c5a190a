using System.Text.Json;
using Turnout.ControlPlane.Shapes;
using Turnout.ControlPlane.Validation;
using Turnout.Models.Artifacts;
using Turnout.Storage;
using Turnout.Storage.Records;

namespace Turnout.ControlPlane;

/// <summary>CreateModel, DescribeModel, ListModels, DeleteModel.</summary>
public sealed class ModelsApi(IControlPlaneStore store, ControlPlaneOptions options, TimeProvider time, ArtifactOptions? artifacts = null)
{
    public CreateModelOutput Create(CreateModelInput input)
    {
        var name = Check.Name(input.ModelName, nameof(input.ModelName));
        if (input.ExecutionRoleArn is { } role)
        {
            Check.Length(role, nameof(input.ExecutionRoleArn), 20, 2048);
            Check.Pattern(role, nameof(input.ExecutionRoleArn), Patterns.RoleArn(), Patterns.RoleArnText);
        }

        if (input.PrimaryContainer is null && (input.Containers is null || input.Containers.Count == 0))
        {
            throw ControlPlaneException.Validation("Either PrimaryContainer or Containers must be specified.");
        }

        if (input.PrimaryContainer is not null && input.Containers is { Count: > 0 })
        {
            throw ControlPlaneException.Validation("Only one of PrimaryContainer or Containers may be specified.");
        }

        Check.Count(input.Containers ?? [], nameof(input.Containers), 0, 15);
        foreach (var container in input.Containers ?? [input.PrimaryContainer!])
        {
            ValidateContainer(container);
            RequireModelData(container.ModelDataUrl);
        }

        Tags.Validate(input.Tags);
        var arn = options.ModelArn(name);
        var record = new ModelRecord(name, arn, time.GetUtcNow(), JsonSerializer.Serialize(input, WireJson.Options));
        if (!store.TryInsertModel(record))
        {
            throw ControlPlaneException.AlreadyExists("model", arn);
        }

        return new CreateModelOutput { ModelArn = arn };
    }

    public DescribeModelOutput Describe(NameInput input)
    {
        var name = Check.Required(input.ModelName, "ModelName");
        var record = store.GetModel(name) ?? throw ControlPlaneException.NotFound("model", options.ModelArn(name));
        var stored = Read(record);
        return new DescribeModelOutput
        {
            ModelName = record.Name,
            ModelArn = record.Arn,
            CreationTime = record.CreationTime,
            PrimaryContainer = stored.PrimaryContainer,
            Containers = stored.Containers,
            ExecutionRoleArn = stored.ExecutionRoleArn,
            InferenceExecutionConfig = stored.InferenceExecutionConfig,
            VpcConfig = stored.VpcConfig,
            EnableNetworkIsolation = stored.EnableNetworkIsolation ?? false,
        };
    }

    public ListModelsOutput List(ListInput input)
    {
        var (page, next) = Paging.Apply(store.ListModels(), input, m => m.Name, m => m.CreationTime);
        return new ListModelsOutput
        {
            Models = [.. page.Select(m => new ModelSummary { ModelName = m.Name, ModelArn = m.Arn, CreationTime = m.CreationTime })],
            NextToken = next,
        };
    }

    public void Delete(NameInput input)
    {
        var name = Check.Required(input.ModelName, "ModelName");
        if (!store.DeleteModel(name))
        {
            throw ControlPlaneException.NotFound("model", options.ModelArn(name));
        }
    }

    internal static CreateModelInput Read(ModelRecord record) =>
        JsonSerializer.Deserialize<CreateModelInput>(record.Document, WireJson.Options)!;

    /// <summary>
    /// SageMaker checks at CreateModel that the model data exists; so does Turnout for what it can see
    /// without a download: file:// URLs, absolute paths, and s3:// under --s3-root.
    /// </summary>
    private void RequireModelData(string? url)
    {
        if (string.IsNullOrEmpty(url) || LocalPath(url) is not { } path || File.Exists(path) || Directory.Exists(path))
        {
            return;
        }

        var hint = url.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)
            ? $" (s3:// is read from --s3-root: expected the file {path})"
            : $" (expected the file {path})";
        throw ControlPlaneException.Validation($"Could not find model data at {url}.{hint}");
    }

    private string? LocalPath(string url)
    {
        if (url.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            if (artifacts?.S3Root is not { } root)
            {
                return null; // no S3 stand-in configured: the deployment reports it
            }

            var rest = url["s3://".Length..];
            var fullRoot = Path.GetFullPath(root);
            var path = Path.GetFullPath(Path.Combine(fullRoot, rest));
            // A key that escapes the root is refused by the loader with its own message.
            return path.StartsWith(Path.TrimEndingDirectorySeparator(fullRoot) + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? path : null;
        }

        if (url.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsFile && (uri.IsLoopback || uri.Host.Length == 0) ? uri.LocalPath : null;
        }

        return Path.IsPathFullyQualified(url) ? url : null;
    }

    private static void ValidateContainer(ContainerDefinition container)
    {
        if (container.Image is { } image)
        {
            Check.Length(image, "PrimaryContainer.Image", 0, 255);
        }

        if (container.ModelDataUrl is { } url)
        {
            Check.Length(url, "PrimaryContainer.ModelDataUrl", 0, 1024);
        }

        Check.OneOf(container.Mode, "PrimaryContainer.Mode", "SingleModel", "MultiModel");
        if (container.Environment is { } environment)
        {
            Check.Count(environment, "PrimaryContainer.Environment", 0, 100);
            foreach (var (key, value) in environment)
            {
                Check.Length(key, "PrimaryContainer.Environment", 1, 1024);
                Check.Pattern(key, "PrimaryContainer.Environment", Patterns.EnvironmentKey(), "[a-zA-Z_][a-zA-Z0-9_]*");
                Check.Length(value, "PrimaryContainer.Environment", 0, 1024);
            }
        }
    }
}
