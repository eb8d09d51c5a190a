using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Turnout.ControlPlane.Endpoints;
using Turnout.ControlPlane.Shapes;
using Turnout.ControlPlane.Validation;
using Turnout.Runtime.Routing;
using Turnout.Storage;
using Turnout.Storage.Records;

namespace Turnout.ControlPlane;

/// <summary>
/// CreateEndpoint, DescribeEndpoint, ListEndpoints, DeleteEndpoint, UpdateEndpointWeightsAndCapacities,
/// and bringing stored endpoints back after a restart. Every change is written to the store before it
/// is acknowledged; the slow part (loading models) runs in the background and ends in InService or Failed.
/// </summary>
public sealed partial class EndpointsApi(
    IControlPlaneStore store,
    ControlPlaneOptions options,
    TimeProvider time,
    EndpointDeployer deployer,
    RoutingRegistry routes,
    IAlarmStates alarms,
    ILogger<EndpointsApi> logger)
{
    // Serialises state transitions (check status, then write). Control-plane calls only; never the hot path.
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Task> _work = new(StringComparer.Ordinal);

    public EndpointArnOutput Create(CreateEndpointInput input)
    {
        var name = Check.Name(input.EndpointName, nameof(input.EndpointName));
        var configName = Check.Name(input.EndpointConfigName, nameof(input.EndpointConfigName));
        Tags.Validate(input.Tags);
        RolloutPlan.Validate(input.DeploymentConfig);
        var arn = options.EndpointArn(name);
        var configRecord = store.GetEndpointConfig(configName)
            ?? throw ControlPlaneException.NotFound("endpoint configuration", options.EndpointConfigArn(configName));
        var config = EndpointConfigsApi.Read(configRecord);
        var now = time.GetUtcNow();
        var state = new EndpointState
        {
            Tags = input.Tags,
            DeploymentConfig = input.DeploymentConfig,
            DataCaptureConfig = config.DataCaptureConfig,
            OperationStartTime = now,
        };
        foreach (var variant in config.ProductionVariants ?? [])
        {
            var model = store.GetModel(variant.ModelName!) ?? throw ControlPlaneException.NotFound("model", options.ModelArn(variant.ModelName!));
            var definition = ModelsApi.Read(model);
            state.Variants.Add(new VariantState
            {
                VariantName = variant.VariantName!,
                ModelName = variant.ModelName!,
                Container = definition.PrimaryContainer ?? definition.Containers![0],
                InstanceType = variant.InstanceType,
                ServerlessConfig = variant.ServerlessConfig,
                DesiredWeight = variant.InitialVariantWeight ?? 1.0f,
                DesiredInstanceCount = variant.InitialInstanceCount ?? 1,
            });
        }

        var record = new EndpointRecord(name, arn, configName, EndpointStatus.Creating, null, now, now, state.Serialize());
        lock (_gate)
        {
            if (!store.TryInsertEndpoint(record))
            {
                throw ControlPlaneException.AlreadyExists("endpoint", arn);
            }
        }

        Log.Transition(logger, name, EndpointStatus.Creating);
        StartDeployment(name);
        return new EndpointArnOutput { EndpointArn = arn };
    }

    public DescribeEndpointOutput Describe(NameInput input)
    {
        var name = Check.Required(input.EndpointName, "EndpointName");
        var record = store.GetEndpoint(name) ?? throw ControlPlaneException.NotFound("endpoint", options.EndpointArn(name));
        var state = EndpointState.Parse(record.Document);
        return new DescribeEndpointOutput
        {
            EndpointName = record.Name,
            EndpointArn = record.Arn,
            EndpointConfigName = record.ConfigName,
            EndpointStatus = record.Status,
            FailureReason = record.FailureReason,
            CreationTime = record.CreationTime,
            LastModifiedTime = record.LastModifiedTime,
            LastDeploymentConfig = state.DeploymentConfig,
            ProductionVariants = [.. state.Variants.Select(v => Summarise(v, record.Status, state.OperationStartTime, state.Pending))],
            PendingDeploymentSummary = state.Pending is { } pending ? SummarisePending(pending) : null,
            DataCaptureConfig = state.DataCaptureConfig is { } capture ? new DataCaptureConfigSummary
            {
                EnableCapture = capture.EnableCapture ?? true,
                CaptureStatus = capture.EnableCapture != false && record.Status is EndpointStatus.InService or EndpointStatus.Updating ? "Started" : "Stopped",
                CurrentSamplingPercentage = capture.InitialSamplingPercentage ?? 0,
                DestinationS3Uri = capture.DestinationS3Uri ?? string.Empty,
                KmsKeyId = capture.KmsKeyId,
            } : null,
        };
    }

    public ListEndpointsOutput List(ListInput input)
    {
        Check.OneOf(input.StatusEquals, nameof(input.StatusEquals),
            "OutOfService", "Creating", "Updating", "SystemUpdating", "RollingBack", "InService", "Deleting", "Failed", "UpdateRollbackFailed");
        var (page, next) = Paging.Apply(store.ListEndpoints(), input, e => e.Name, e => e.CreationTime, e => e.LastModifiedTime, e => e.Status);
        return new ListEndpointsOutput
        {
            Endpoints = [.. page.Select(e => new EndpointSummary
            {
                EndpointName = e.Name,
                EndpointArn = e.Arn,
                CreationTime = e.CreationTime,
                LastModifiedTime = e.LastModifiedTime,
                EndpointStatus = e.Status,
            })],
            NextToken = next,
        };
    }

    public void Delete(NameInput input)
    {
        var name = Check.Required(input.EndpointName, "EndpointName");
        lock (_gate)
        {
            var record = store.GetEndpoint(name) ?? throw ControlPlaneException.NotFound("endpoint", options.EndpointArn(name));
            RefuseInProgress(record);
            // Routing goes first so no new request starts; in-flight ones finish on the table they hold.
            routes.Remove(name);
            store.DeleteEndpoint(name);
        }

        Log.Transition(logger, name, "Deleted");
    }

    public EndpointArnOutput UpdateWeightsAndCapacities(UpdateEndpointWeightsAndCapacitiesInput input)
    {
        var name = Check.Name(input.EndpointName, nameof(input.EndpointName));
        var desired = Check.Required(input.DesiredWeightsAndCapacities, nameof(input.DesiredWeightsAndCapacities));
        Check.Count(desired, nameof(input.DesiredWeightsAndCapacities), 1, 10);
        lock (_gate)
        {
            var record = store.GetEndpoint(name) ?? throw ControlPlaneException.NotFound("endpoint", options.EndpointArn(name));
            RefuseInProgress(record);
            if (record.Status != EndpointStatus.InService)
            {
                throw ControlPlaneException.Validation($"Cannot update endpoint \"{record.Arn}\" in status {record.Status}. Only an InService endpoint can change weights or capacity; delete and recreate a failed endpoint.");
            }

            var state = EndpointState.Parse(record.Document);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var change in desired)
            {
                var variantName = Check.Name(change.VariantName, "DesiredWeightsAndCapacities.VariantName");
                if (!seen.Add(variantName))
                {
                    throw ControlPlaneException.Validation($"Variant \"{variantName}\" appears more than once in DesiredWeightsAndCapacities.");
                }

                var variant = state.Variants.FirstOrDefault(v => v.VariantName == variantName)
                    ?? throw ControlPlaneException.Validation($"The variant \"{variantName}\" is not present in endpoint \"{record.Arn}\". Its variants are: {string.Join(", ", state.Variants.Select(v => v.VariantName))}.");
                if (change.DesiredWeight is null && change.DesiredInstanceCount is null)
                {
                    throw ControlPlaneException.Validation($"Variant \"{variantName}\": give DesiredWeight, DesiredInstanceCount or both.");
                }

                if (change.DesiredWeight is { } weight)
                {
                    Check.Range(weight, "DesiredWeightsAndCapacities.DesiredWeight", 0, float.MaxValue);
                    variant.DesiredWeight = weight;
                }

                if (change.DesiredInstanceCount is { } count)
                {
                    Check.Range(count, "DesiredWeightsAndCapacities.DesiredInstanceCount", 1, 1000);
                    variant.DesiredInstanceCount = count;
                }
            }

            if (state.Variants.All(v => v.DesiredWeight == 0))
            {
                throw ControlPlaneException.Validation("At least one variant must keep a weight greater than 0; with every weight 0 no variant would receive traffic.");
            }

            state.OperationStartTime = time.GetUtcNow();
            store.UpdateEndpoint(record with { Status = EndpointStatus.Updating, LastModifiedTime = time.GetUtcNow(), Document = state.Serialize() });
            Log.Transition(logger, name, EndpointStatus.Updating);
            StartDeployment(name);
            return new EndpointArnOutput { EndpointArn = record.Arn };
        }
    }

    /// <summary>
    /// Brings every stored endpoint back after a start: Creating, Updating and InService endpoints are
    /// (re)deployed to their desired state. Completes when all are InService or Failed.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var record in store.ListEndpoints())
        {
            Recover(record);
        }

        await WhenIdleAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes over one endpoint whose transition was interrupted (its deploying process is gone): an
    /// interrupted blue/green update is finished or rolled back, and the endpoint is (re)deployed in the
    /// background to InService or Failed. Returns false if this process already runs its deployment.
    /// </summary>
    public bool Recover(EndpointRecord record)
    {
        if (_work.ContainsKey(record.Name))
        {
            return false;
        }

        if (record.Status is EndpointStatus.Creating or EndpointStatus.Updating or EndpointStatus.RollingBack or EndpointStatus.InService)
        {
            ResolveInterruptedDeployment(record);
            StartDeployment(record.Name);
        }
        else if (record.Status == EndpointStatus.Deleting)
        {
            store.DeleteEndpoint(record.Name);
        }

        return true;
    }

    /// <summary>Completes when no deployment is running.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_work.Values);

    private void StartDeployment(string name)
    {
        var task = Task.Run(() => DeployAsync(name));
        _work[name] = task;
        _ = task.ContinueWith(t => _work.TryRemove(new KeyValuePair<string, Task>(name, t)), TaskScheduler.Default);
    }

    private async Task DeployAsync(string name)
    {
        var record = store.GetEndpoint(name);
        if (record is null)
        {
            return;
        }

        var state = EndpointState.Parse(record.Document);
        if (state.Pending is not null)
        {
            await RollOutAsync(record, state).ConfigureAwait(false);
            return;
        }

        try
        {
            var table = routes.TryGet(name, out var current) && SameVariants(current, state)
                ? EndpointDeployer.Reshape(current, state)
                : await deployer.BuildAsync(name, state, CancellationToken.None).ConfigureAwait(false);
            lock (_gate)
            {
                var latest = store.GetEndpoint(name);
                if (latest is null || latest.Status is EndpointStatus.Deleting or EndpointStatus.Failed)
                {
                    return;
                }

                routes.Publish(table);
                foreach (var variant in state.Variants)
                {
                    variant.CurrentWeight = variant.DesiredWeight;
                    variant.CurrentInstanceCount = Math.Max(1, variant.DesiredInstanceCount);
                    variant.ImageResolutionTime ??= time.GetUtcNow();
                }

                state.OperationStartTime = null;
                // FailureReason stays: after a rolled-back update it explains why the endpoint is on its old config.
                store.UpdateEndpoint(latest with { Status = EndpointStatus.InService, LastModifiedTime = time.GetUtcNow(), Document = state.Serialize() });
            }

            Log.Transition(logger, name, EndpointStatus.InService);
        }
        catch (Exception e)
        {
            var reason = e is DeploymentException ? e.Message : $"Internal error while deploying: {e.Message}";
            if (reason.Length > 1024)
            {
                reason = reason[..1021] + "...";
            }

            lock (_gate)
            {
                routes.Remove(name);
                if (store.GetEndpoint(name) is { } latest)
                {
                    store.UpdateEndpoint(latest with { Status = EndpointStatus.Failed, FailureReason = reason, LastModifiedTime = time.GetUtcNow() });
                }
            }

            Log.Failed(logger, name, reason);
        }
    }

    private static bool SameVariants(RoutingTable table, EndpointState state) =>
        table.Variants.Length == state.Variants.Count && state.Variants.All(v => table.Find(v.VariantName) is not null);

    private static void RefuseInProgress(EndpointRecord record)
    {
        if (record.Status is EndpointStatus.Creating or EndpointStatus.Updating or EndpointStatus.RollingBack)
        {
            throw ControlPlaneException.Validation($"Cannot update in-progress endpoint \"{record.Arn}\".");
        }
    }

    private static ProductionVariantSummary Summarise(VariantState v, string status, DateTimeOffset? started, PendingDeployment? pending)
    {
        if (pending is not null)
        {
            // During a blue/green deployment these are the live fleet's variants; the new ones are in PendingDeploymentSummary.
            started = pending.PhaseStartTime;
            status = pending.Committed ? "Draining" : "Live";
        }

        var creating = status == EndpointStatus.Creating;
        return new ProductionVariantSummary
        {
            VariantName = v.VariantName,
            DeployedImages = creating ? null : [new DeployedImage { SpecifiedImage = v.Container.Image, ResolvedImage = v.Container.Image, ResolutionTime = v.ImageResolutionTime }],
            CurrentWeight = creating ? null : v.CurrentWeight,
            DesiredWeight = v.DesiredWeight,
            CurrentInstanceCount = creating || v.ServerlessConfig is not null ? null : v.CurrentInstanceCount,
            DesiredInstanceCount = v.ServerlessConfig is not null ? null : v.DesiredInstanceCount,
            CurrentServerlessConfig = creating ? null : v.ServerlessConfig,
            DesiredServerlessConfig = v.ServerlessConfig,
            VariantStatus = status switch
            {
                EndpointStatus.Creating => [new VariantStatus { Status = "Creating", StatusMessage = "Loading and warming the model.", StartTime = started }],
                EndpointStatus.Updating => [new VariantStatus { Status = "Updating", StatusMessage = "Applying weights and instance counts.", StartTime = started }],
                "Draining" => [new VariantStatus { Status = "Deleting", StatusMessage = "The new fleet took over; in-flight requests drain before this fleet is released.", StartTime = started }],
                _ => null,
            },
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Endpoint {Endpoint} is {Status}")]
        public static partial void Transition(ILogger logger, string endpoint, string status);

        [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Endpoint {Endpoint} failed: {Reason}")]
        public static partial void Failed(ILogger logger, string endpoint, string reason);

        [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Endpoint {Endpoint}: the new fleet takes {Percent}% of traffic")]
        public static partial void TrafficShift(ILogger logger, string endpoint, double percent);

        [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Endpoint {Endpoint} rolled back: {Reason}")]
        public static partial void RolledBack(ILogger logger, string endpoint, string reason);
    }
}
