using System.Globalization;
using Turnout.Analysis;
using Turnout.ControlPlane.Endpoints;
using Turnout.Models.Artifacts;
using Turnout.Runtime.Capture;
using Turnout.Storage;

namespace Turnout.ControlPlane.Analysis;

/// <summary>
/// Joins an endpoint's captured predictions with the ground truth users sent (by capture eventId or by
/// their own inferenceId) into per-variant observations for the analysis.
/// </summary>
public sealed class EndpointObservations(IControlPlaneStore store, IGroundTruthStore groundTruth, ArtifactOptions artifacts, ControlPlaneOptions options)
{
    public sealed record Result(IReadOnlyList<VariantObservations> Variants, int Captured, int Labelled, int Unreadable);

    public Result Collect(string endpointName, DateTimeOffset? from, DateTimeOffset? to)
    {
        var record = store.GetEndpoint(endpointName) ?? throw ControlPlaneException.NotFound("endpoint", options.EndpointArn(endpointName));
        var state = EndpointState.Parse(record.Document);
        string? directory;
        try
        {
            directory = CaptureLocation.Resolve(state.DataCaptureConfig, artifacts.S3Root);
        }
        catch (DeploymentException e)
        {
            throw ControlPlaneException.Validation(e.Message);
        }

        if (directory is null)
        {
            throw ControlPlaneException.Validation($"Endpoint \"{endpointName}\" does not capture data. Create its endpoint config with a DataCaptureConfig (CaptureOptions Input and Output) to build reports from live traffic.");
        }

        var (captured, unreadable) = CaptureReader.Read(directory, endpointName, from, to);
        var labels = groundTruth.Labels(endpointName);
        var byVariant = new Dictionary<string, List<Observation>>(StringComparer.Ordinal);
        foreach (var variant in state.Variants)
        {
            byVariant[variant.VariantName] = [];
        }

        var labelled = 0;
        foreach (var prediction in captured)
        {
            if (!labels.TryGetValue(prediction.EventId, out var label) &&
                (prediction.InferenceId is null || !labels.TryGetValue(prediction.InferenceId, out label)))
            {
                continue;
            }

            if (!double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            {
                continue;
            }

            if (!byVariant.TryGetValue(prediction.VariantName, out var list))
            {
                byVariant[prediction.VariantName] = list = [];
            }

            list.Add(new Observation(prediction.Prediction.ToArray(), y, prediction.Time));
            labelled++;
        }

        return new Result([.. byVariant.Select(kv => new VariantObservations(kv.Key, kv.Value))], captured.Count, labelled, unreadable);
    }
}
