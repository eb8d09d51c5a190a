using System.Text.Json;
using Turnout.ControlPlane.Instances;
using Turnout.ControlPlane.Shapes;
using Turnout.ControlPlane.Validation;
using Turnout.Storage;
using Turnout.Storage.Records;

namespace Turnout.ControlPlane;

/// <summary>CreateEndpointConfig, DescribeEndpointConfig, ListEndpointConfigs, DeleteEndpointConfig.</summary>
public sealed class EndpointConfigsApi(IControlPlaneStore store, ControlPlaneOptions options, TimeProvider time, InstanceCatalog? instances = null)
{
    private readonly InstanceCatalog _instances = instances ?? InstanceCatalog.BuiltIn;

    public CreateEndpointConfigOutput Create(CreateEndpointConfigInput input)
    {
        var name = Check.Name(input.EndpointConfigName, nameof(input.EndpointConfigName));
        var variants = Check.Required(input.ProductionVariants, nameof(input.ProductionVariants));
        Check.Count(variants, nameof(input.ProductionVariants), 1, 10);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variant in variants)
        {
            var variantName = Check.Name(variant.VariantName, "ProductionVariants.VariantName");
            if (!seen.Add(variantName))
            {
                throw ControlPlaneException.Validation($"The variant name \"{variantName}\" is used by more than one production variant. Variant names must be unique within an endpoint configuration.");
            }

            var modelName = Check.Name(variant.ModelName, "ProductionVariants.ModelName");
            if (store.GetModel(modelName) is null)
            {
                throw ControlPlaneException.NotFound("model", options.ModelArn(modelName));
            }

            ValidateCapacity(variant);
            variant.InitialVariantWeight ??= 1.0f;
            Check.Range(variant.InitialVariantWeight.Value, "ProductionVariants.InitialVariantWeight", 0, float.MaxValue);
        }

        if (variants.All(v => v.InitialVariantWeight == 0))
        {
            throw ControlPlaneException.Validation("At least one production variant must have a weight greater than 0; with every weight 0 no variant would receive traffic.");
        }

        if (input.ShadowProductionVariants is { Count: > 0 })
        {
            throw ControlPlaneException.Validation("ShadowProductionVariants are not supported by Turnout yet. Remove them from the request.");
        }

        Tags.Validate(input.Tags);
        ValidateCapture(input.DataCaptureConfig);
        var arn = options.EndpointConfigArn(name);
        var record = new EndpointConfigRecord(name, arn, time.GetUtcNow(), JsonSerializer.Serialize(input, WireJson.Options));
        if (!store.TryInsertEndpointConfig(record))
        {
            throw ControlPlaneException.AlreadyExists("endpoint configuration", arn);
        }

        return new CreateEndpointConfigOutput { EndpointConfigArn = arn };
    }

    public DescribeEndpointConfigOutput Describe(NameInput input)
    {
        var name = Check.Required(input.EndpointConfigName, "EndpointConfigName");
        var record = store.GetEndpointConfig(name) ?? throw ControlPlaneException.NotFound("endpoint configuration", options.EndpointConfigArn(name));
        var stored = Read(record);
        return new DescribeEndpointConfigOutput
        {
            EndpointConfigName = record.Name,
            EndpointConfigArn = record.Arn,
            CreationTime = record.CreationTime,
            ProductionVariants = stored.ProductionVariants ?? [],
            DataCaptureConfig = stored.DataCaptureConfig,
            KmsKeyId = stored.KmsKeyId,
            AsyncInferenceConfig = stored.AsyncInferenceConfig,
            ExplainerConfig = stored.ExplainerConfig,
        };
    }

    public ListEndpointConfigsOutput List(ListInput input)
    {
        var (page, next) = Paging.Apply(store.ListEndpointConfigs(), input, c => c.Name, c => c.CreationTime);
        return new ListEndpointConfigsOutput
        {
            EndpointConfigs = [.. page.Select(c => new EndpointConfigSummary { EndpointConfigName = c.Name, EndpointConfigArn = c.Arn, CreationTime = c.CreationTime })],
            NextToken = next,
        };
    }

    public void Delete(NameInput input)
    {
        var name = Check.Required(input.EndpointConfigName, "EndpointConfigName");
        if (!store.DeleteEndpointConfig(name))
        {
            throw ControlPlaneException.NotFound("endpoint configuration", options.EndpointConfigArn(name));
        }
    }

    internal static CreateEndpointConfigInput Read(EndpointConfigRecord record) =>
        JsonSerializer.Deserialize<CreateEndpointConfigInput>(record.Document, WireJson.Options)!;

    private static void ValidateCapture(DataCaptureConfig? capture)
    {
        if (capture is null)
        {
            return;
        }

        if (capture.InitialSamplingPercentage is not { } percentage)
        {
            throw ControlPlaneException.Validation("1 validation error detected: Value null at 'dataCaptureConfig.initialSamplingPercentage' failed to satisfy constraint: Member must not be null");
        }

        Check.Range(percentage, "DataCaptureConfig.InitialSamplingPercentage", 0, 100);
        var destination = Check.Required(capture.DestinationS3Uri, "DataCaptureConfig.DestinationS3Uri");
        Check.Length(destination, "DataCaptureConfig.DestinationS3Uri", 1, 512);
        if (!destination.StartsWith("s3://", StringComparison.Ordinal) && !destination.StartsWith("file:///", StringComparison.Ordinal))
        {
            Check.Fail(destination, "DataCaptureConfig.DestinationS3Uri", "Member must be an s3://bucket/prefix URI (under --s3-root) or a file:///absolute/path");
        }

        var modes = Check.Required(capture.CaptureOptions, "DataCaptureConfig.CaptureOptions");
        Check.Count(modes, "DataCaptureConfig.CaptureOptions", 1, 2);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mode in modes)
        {
            var value = Check.Required(mode.CaptureMode, "DataCaptureConfig.CaptureOptions.CaptureMode");
            Check.OneOf(value, "DataCaptureConfig.CaptureOptions.CaptureMode", "Input", "Output");
            if (!seen.Add(value))
            {
                throw ControlPlaneException.Validation($"CaptureMode {value} appears more than once in DataCaptureConfig.CaptureOptions.");
            }
        }

        if (capture.CaptureContentTypeHeader is { } header)
        {
            Check.Count(header.CsvContentTypes ?? [], "CaptureContentTypeHeader.CsvContentTypes", 0, 10);
            Check.Count(header.JsonContentTypes ?? [], "CaptureContentTypeHeader.JsonContentTypes", 0, 10);
        }
    }

    private void ValidateCapacity(ProductionVariant variant)
    {
        if (variant.ServerlessConfig is { } serverless)
        {
            Check.Range(serverless.MemorySizeInMB ?? 0, "ProductionVariants.ServerlessConfig.MemorySizeInMB", 1024, 6144);
            Check.Range(serverless.MaxConcurrency ?? 0, "ProductionVariants.ServerlessConfig.MaxConcurrency", 1, 200);
            if (variant.InitialInstanceCount is not null || variant.InstanceType is not null)
            {
                throw ControlPlaneException.Validation($"Variant \"{variant.VariantName}\" sets ServerlessConfig together with InitialInstanceCount or InstanceType; choose one.");
            }

            return;
        }

        if (variant.InitialInstanceCount is null || variant.InstanceType is null)
        {
            throw ControlPlaneException.Validation($"Variant \"{variant.VariantName}\" needs InitialInstanceCount and InstanceType (or a ServerlessConfig).");
        }

        Check.Range(variant.InitialInstanceCount.Value, "ProductionVariants.InitialInstanceCount", 1, 1000);
        Check.Length(variant.InstanceType, "ProductionVariants.InstanceType", 1, 64);
        if (!_instances.TryGet(variant.InstanceType, out _))
        {
            // SageMaker's own wording for a type outside its enum; the list is Turnout's catalogue (docs/instance-types.md).
            Check.Fail(variant.InstanceType, "ProductionVariants.InstanceType", $"Member must satisfy enum value set: [{string.Join(", ", _instances.Names)}]");
        }

        if (variant.VolumeSizeInGB is { } volume) Check.Range(volume, "ProductionVariants.VolumeSizeInGB", 1, 512);
        if (variant.ModelDataDownloadTimeoutInSeconds is { } download) Check.Range(download, "ProductionVariants.ModelDataDownloadTimeoutInSeconds", 60, 3600);
        if (variant.ContainerStartupHealthCheckTimeoutInSeconds is { } startup) Check.Range(startup, "ProductionVariants.ContainerStartupHealthCheckTimeoutInSeconds", 60, 3600);
    }
}
