using Turnout.Metrics;
using Turnout.Models;
using Turnout.ControlPlane.Shapes;
using Turnout.Models.Artifacts;
using Turnout.ControlPlane.Instances;
using Turnout.Runtime.Capture;
using Turnout.Runtime.Images;
using Turnout.Runtime.Overload;
using Turnout.Runtime.Routing;

namespace Turnout.ControlPlane.Endpoints;

/// <summary>
/// Turns an endpoint's stored state into a live routing table: resolves each variant's image to a
/// runtime, fetches and compiles its model, warms it with a real prediction, and creates its instances
/// sized by the variant's instance type (its concurrency plus <c>--max-queue-per-instance</c>).
/// </summary>
public sealed class EndpointDeployer(ModelArtifactLoader loader, MetricsHub metrics, CaptureQueue captureQueue, InstanceCatalog? catalog = null, OverloadOptions? overload = null)
{
    private readonly InstanceCatalog _catalog = catalog ?? InstanceCatalog.BuiltIn;
    private readonly OverloadOptions _overload = overload ?? new OverloadOptions();

    /// <summary>Loads every variant with its desired weight and instance count. Throws <see cref="DeploymentException"/>.</summary>
    public async Task<RoutingTable> BuildAsync(string endpointName, EndpointState state, CancellationToken cancellationToken)
    {
        var loaded = new Dictionary<string, Task<IPredictor>>(StringComparer.Ordinal);
        var captureDirectory = CaptureLocation.Resolve(state.DataCaptureConfig, loader.Options.S3Root);
        var routes = new List<VariantRoute>(state.Variants.Count);
        foreach (var variant in state.Variants)
        {
            if (!ImageReference.TryParse(variant.Container.Image, out var image, out var imageError))
            {
                throw new DeploymentException($"Variant \"{variant.VariantName}\" (model \"{variant.ModelName}\"): {imageError}");
            }

            var url = variant.Container.ModelDataUrl;
            if (string.IsNullOrEmpty(url))
            {
                throw new DeploymentException($"Variant \"{variant.VariantName}\" (model \"{variant.ModelName}\"): the model has no ModelDataUrl. Recreate the model with PrimaryContainer.ModelDataUrl pointing at its model.tar.gz.");
            }

            IPredictor predictor;
            try
            {
                // Variants that share an artifact share one compiled model.
                if (!loaded.TryGetValue(url, out var load))
                {
                    load = loader.LoadXGBoostAsync(url, cancellationToken);
                    loaded[url] = load;
                }

                var model = await load.ConfigureAwait(false);
                CheckMemory(variant, model);
                predictor = Turnout.Runtime.Overload.TestFaults.Wrap(model);
            }
            catch (ModelLoadException e)
            {
                throw new DeploymentException($"Variant \"{variant.VariantName}\" (model \"{variant.ModelName}\"): {e.Message}", e);
            }
            catch (Exception e) when (e is not OperationCanceledException and not DeploymentException)
            {
                throw new DeploymentException($"Variant \"{variant.VariantName}\" (model \"{variant.ModelName}\"): the model could not be loaded: {e.Message}", e);
            }

            var capacity = Capacity(variant);
            var instances = new ModelInstance[InstanceCount(variant)];
            for (var i = 0; i < instances.Length; i++)
            {
                instances[i] = new ModelInstance(i, predictor, capacity);
                try
                {
                    Warm(instances[i].Predictor);
                }
                catch (Exception e)
                {
                    throw new DeploymentException($"Variant \"{variant.VariantName}\" (model \"{variant.ModelName}\"): the warm-up prediction on instance {i} failed: {e.Message}", e);
                }
            }

            routes.Add(new VariantRoute(
                variant.VariantName, variant.ModelName, variant.DesiredWeight, instances, image!.OutputStyle,
                metrics.GetVariant(endpointName, variant.VariantName), acceptsOneFewerColumn: image.PickleEra,
                defaultAccept: variant.Container.Environment?.GetValueOrDefault("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT"),
                capture: captureDirectory is null ? null : Capture(endpointName, variant.VariantName, state.DataCaptureConfig!, captureDirectory),
                missingValue: MissingValue(variant)));
        }

        return new RoutingTable(endpointName, routes);
    }

    /// <summary>
    /// Applies new weights and instance counts to a live table without loading anything: kept instances
    /// stay (with their in-flight requests), added ones share the variant's compiled model.
    /// </summary>
    public static RoutingTable Reshape(RoutingTable current, EndpointState state)
    {
        var routes = new List<VariantRoute>(current.Variants.Length);
        foreach (var route in current.Variants)
        {
            var variant = state.Variants.First(v => v.VariantName == route.Name);
            var count = InstanceCount(variant);
            var instances = new ModelInstance[count];
            for (var i = 0; i < count; i++)
            {
                if (i < route.Instances.Length)
                {
                    instances[i] = route.Instances[i];
                    continue;
                }

                // A new instance is warmed before the table that routes to it is published.
                instances[i] = new ModelInstance(i, route.Instances[0].Predictor, route.Instances[0].Capacity);
                Warm(instances[i].Predictor);
            }

            routes.Add(route.With(variant.DesiredWeight, instances));
        }

        return new RoutingTable(current.EndpointName, routes);
    }

    private VariantCapture Capture(string endpointName, string variantName, DataCaptureConfig config, string directory)
    {
        var modes = config.CaptureOptions?.Select(o => o.CaptureMode).ToList() ?? [];
        return new VariantCapture(
            endpointName, variantName, (config.InitialSamplingPercentage ?? 0) / 100.0,
            modes.Contains("Input"), modes.Contains("Output"),
            config.CaptureContentTypeHeader?.CsvContentTypes ?? ["text/csv"],
            config.CaptureContentTypeHeader?.JsonContentTypes ?? ["application/json", "application/jsonlines"],
            directory, captureQueue);
    }

    /// <summary>TURNOUT_MISSING_VALUE: a number that means missing in requests (XGBoost's DMatrix missing); NaN if unset.</summary>
    private static float MissingValue(VariantState variant) =>
        variant.Container.Environment?.GetValueOrDefault("TURNOUT_MISSING_VALUE") is { } text
            ? double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                ? (float)value
                : throw new DeploymentException($"Variant \"{variant.VariantName}\" (model \"{variant.ModelName}\"): TURNOUT_MISSING_VALUE \"{text}\" is not a number.")
            : float.NaN;

    /// <summary>Refuses a model whose size estimate (a lower bound) is larger than its instance type's memory.</summary>
    private void CheckMemory(VariantState variant, IPredictor model)
    {
        if (model is IModelFootprint footprint && variant.InstanceType is { } type && _catalog.TryGet(type, out var profile)
            && footprint.EstimatedBytes > profile.MemoryLimitBytes)
        {
            throw new DeploymentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Variant \"{variant.VariantName}\" (model \"{variant.ModelName}\"): the model needs at least {footprint.EstimatedBytes} bytes loaded, more than the {profile.MemoryGiB} GiB ({profile.MemoryLimitBytes} bytes) of instance type {type}. Choose an instance type with more memory."));
        }
    }

    /// <summary>Per-instance capacity from the instance type's concurrency; 0 (the server default) for serverless variants.</summary>
    private int Capacity(VariantState variant) =>
        variant.InstanceType is { } type && _catalog.TryGet(type, out var profile) ? _overload.CapacityFor(profile.Concurrency) : 0;

    private static int InstanceCount(VariantState variant) => Math.Max(1, variant.DesiredInstanceCount);

    /// <summary>One real prediction through each instance before any traffic, so a model that cannot evaluate fails the deployment, not a request.</summary>
    private static void Warm(IPredictor predictor)
    {
        var features = new float[predictor.FeatureCount];
        Array.Fill(features, float.NaN);
        var output = new float[predictor.OutputCount];
        predictor.Predict(features, 1, output);
    }
}
