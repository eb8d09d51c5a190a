using System.Text.Json;
using Turnout.ControlPlane.Shapes;
using Turnout.ControlPlane.Validation;
using Turnout.Storage;
using Turnout.Storage.Records;

namespace Turnout.ControlPlane;

/// <summary>CreateModel, DescribeModel, ListModels, DeleteModel.</summary>
public sealed class ModelsApi(IControlPlaneStore store, ControlPlaneOptions options, TimeProvider time)
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
