using Microsoft.Extensions.Logging;
using Turnout.ControlPlane.Endpoints;
using Turnout.ControlPlane.Shapes;
using Turnout.ControlPlane.Validation;
using Turnout.Runtime.Routing;
using Turnout.Storage.Records;

namespace Turnout.ControlPlane;

/// <summary>
/// UpdateEndpoint: a blue/green deployment. The incoming fleet is loaded and warmed while the live one
/// serves; traffic then moves all at once, as a canary, or linearly, each step watched for alarms and
/// the time limit; after baking, the new config is committed and the old fleet released. Any failure
/// moves traffic back to the live fleet at once and records why.
/// </summary>
public sealed partial class EndpointsApi
{
    private static readonly TimeSpan AlarmPollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RollbackDrainLimit = TimeSpan.FromSeconds(10);

    public EndpointArnOutput Update(UpdateEndpointInput input)
    {
        var name = Check.Name(input.EndpointName, nameof(input.EndpointName));
        var configName = Check.Name(input.EndpointConfigName, nameof(input.EndpointConfigName));
        RolloutPlan.Validate(input.DeploymentConfig);
        Check.Count(input.ExcludeRetainedVariantProperties ?? [], nameof(input.ExcludeRetainedVariantProperties), 0, 3);
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in input.ExcludeRetainedVariantProperties ?? [])
        {
            var type = Check.Required(property.VariantPropertyType, "ExcludeRetainedVariantProperties.VariantPropertyType");
            Check.OneOf(type, "ExcludeRetainedVariantProperties.VariantPropertyType", "DesiredInstanceCount", "DesiredWeight", "DataCaptureConfig");
            excluded.Add(type);
        }

        if (excluded.Count > 0 && input.RetainAllVariantProperties != true)
        {
            throw ControlPlaneException.Validation("ExcludeRetainedVariantProperties applies only with RetainAllVariantProperties set to true.");
        }

        var configRecord = store.GetEndpointConfig(configName)
            ?? throw ControlPlaneException.NotFound("endpoint configuration", options.EndpointConfigArn(configName));
        var config = EndpointConfigsApi.Read(configRecord);
        lock (_gate)
        {
            var record = store.GetEndpoint(name) ?? throw ControlPlaneException.NotFound("endpoint", options.EndpointArn(name));
            RefuseInProgress(record);
            if (record.Status != EndpointStatus.InService)
            {
                throw ControlPlaneException.Validation($"Cannot update endpoint \"{record.Arn}\" in status {record.Status}. Delete and recreate a failed endpoint.");
            }

            var state = EndpointState.Parse(record.Document);
            var retain = input.RetainAllVariantProperties == true;
            var incoming = new List<VariantState>();
            foreach (var variant in config.ProductionVariants ?? [])
            {
                var model = store.GetModel(variant.ModelName!) ?? throw ControlPlaneException.NotFound("model", options.ModelArn(variant.ModelName!));
                var definition = ModelsApi.Read(model);
                var live = retain ? state.Variants.FirstOrDefault(v => v.VariantName == variant.VariantName) : null;
                incoming.Add(new VariantState
                {
                    VariantName = variant.VariantName!,
                    ModelName = variant.ModelName!,
                    Container = definition.PrimaryContainer ?? definition.Containers![0],
                    InstanceType = variant.InstanceType,
                    ServerlessConfig = variant.ServerlessConfig,
                    DesiredWeight = live is not null && !excluded.Contains("DesiredWeight") ? live.DesiredWeight : variant.InitialVariantWeight ?? 1.0f,
                    DesiredInstanceCount = live is not null && !excluded.Contains("DesiredInstanceCount") ? live.DesiredInstanceCount : variant.InitialInstanceCount ?? 1,
                });
            }

            if (incoming.All(v => v.DesiredWeight == 0))
            {
                throw ControlPlaneException.Validation("At least one variant of the new configuration must have a weight greater than 0.");
            }

            var deploymentConfig = input.DeploymentConfig ?? (input.RetainDeploymentConfig == true ? state.DeploymentConfig : null);
            RefuseOversizedCanary(deploymentConfig, incoming);
            var now = time.GetUtcNow();
            state.Pending = new PendingDeployment
            {
                EndpointConfigName = configName,
                Variants = incoming,
                DeploymentConfig = deploymentConfig,
                DataCaptureConfig = retain && !excluded.Contains("DataCaptureConfig") ? state.DataCaptureConfig : config.DataCaptureConfig,
                StartTime = now,
                PhaseStartTime = now,
            };
            store.UpdateEndpoint(record with { Status = EndpointStatus.Updating, FailureReason = null, LastModifiedTime = now, Document = state.Serialize() });
            Log.Transition(logger, name, EndpointStatus.Updating);
            StartDeployment(name);
            return new EndpointArnOutput { EndpointArn = record.Arn };
        }
    }

    /// <summary>At start, a deployment cut off by a crash is resolved to one config before anything serves.</summary>
    private void ResolveInterruptedDeployment(EndpointRecord record)
    {
        var state = EndpointState.Parse(record.Document);
        if (state.Pending is not { } pending)
        {
            return;
        }

        string? reason = null;
        if (pending.Committed)
        {
            Promote(state, pending);
            record = record with { ConfigName = pending.EndpointConfigName };
        }
        else
        {
            state.Pending = null;
            reason = $"The update to endpoint configuration \"{pending.EndpointConfigName}\" was interrupted by a restart of Turnout before traffic moved for good; the endpoint stays on \"{record.ConfigName}\". Call UpdateEndpoint again.";
        }

        lock (_gate)
        {
            store.UpdateEndpoint(record with { Status = EndpointStatus.Updating, FailureReason = reason, LastModifiedTime = time.GetUtcNow(), Document = state.Serialize() });
        }
    }

    private async Task RollOutAsync(EndpointRecord record, EndpointState state)
    {
        var name = record.Name;
        var pending = state.Pending!;
        var plan = RolloutPlan.From(pending.DeploymentConfig, pending.Variants);
        DateTimeOffset? deadline = plan.MaximumExecution is { } max ? pending.StartTime + max : null;
        if (!routes.TryGet(name, out var liveTable))
        {
            await RollBackAsync(name, "The live fleet was not serving when the deployment started.").ConfigureAwait(false);
            return;
        }

        WeightedVariants incoming;
        try
        {
            incoming = (await deployer.BuildAsync(name, new EndpointState { Variants = pending.Variants, DataCaptureConfig = pending.DataCaptureConfig }, CancellationToken.None).ConfigureAwait(false)).Live;
        }
        catch (Exception e)
        {
            await RollBackAsync(name, $"The update to endpoint configuration \"{pending.EndpointConfigName}\" failed, and traffic stayed on the previous fleet: {e.Message}").ConfigureAwait(false);
            return;
        }

        for (var step = 0; step < plan.Shares.Count; step++)
        {
            var share = plan.Shares[step];
            var baking = share >= 1;
            Persist(name, s =>
            {
                s.Pending!.Phase = baking ? DeploymentPhase.Baking : DeploymentPhase.ActivatingTraffic;
                s.Pending.TrafficShare = share;
                s.Pending.PhaseStartTime = time.GetUtcNow();
            });
            routes.Publish(new RoutingTable(name, liveTable.Live, incoming, share));
            Log.TrafficShift(logger, name, share * 100);
            var failure = await WatchAsync(plan.WaitInterval, plan.Alarms, deadline).ConfigureAwait(false);
            if (failure is not null)
            {
                await RollBackAsync(name, failure).ConfigureAwait(false);
                return;
            }
        }

        // Committed: from here a crash completes to the new config instead of rolling back.
        Persist(name, s => s.Pending!.Committed = true);
        routes.Publish(new RoutingTable(name, incoming, null, 0));
        if (plan.TerminationWait > TimeSpan.Zero)
        {
            // The old fleet drains: requests holding its table finish; nothing new reaches it.
            await Task.Delay(plan.TerminationWait, time).ConfigureAwait(false);
        }

        lock (_gate)
        {
            if (store.GetEndpoint(name) is not { } latest)
            {
                return;
            }

            var latestState = EndpointState.Parse(latest.Document);
            var committed = latestState.Pending!;
            Promote(latestState, committed);
            foreach (var variant in latestState.Variants)
            {
                variant.CurrentWeight = variant.DesiredWeight;
                variant.CurrentInstanceCount = Math.Max(1, variant.DesiredInstanceCount);
                variant.ImageResolutionTime ??= time.GetUtcNow();
            }

            store.UpdateEndpoint(latest with
            {
                ConfigName = committed.EndpointConfigName,
                Status = EndpointStatus.InService,
                FailureReason = null,
                LastModifiedTime = time.GetUtcNow(),
                Document = latestState.Serialize(),
            });
        }

        Log.Transition(logger, name, EndpointStatus.InService);
    }

    /// <summary>Waits <paramref name="duration"/>, polling the alarms; returns why the deployment must stop, or null.</summary>
    private async Task<string?> WatchAsync(TimeSpan duration, IReadOnlyList<string> alarmNames, DateTimeOffset? deadline)
    {
        var end = time.GetUtcNow() + duration;
        while (true)
        {
            foreach (var alarm in alarmNames)
            {
                if (alarms.GetState(alarm) == "ALARM")
                {
                    return $"Alarm \"{alarm}\" went into ALARM during the deployment; traffic was moved back to the previous fleet.";
                }
            }

            var now = time.GetUtcNow();
            if (deadline is { } limit && now >= limit)
            {
                return "The deployment exceeded MaximumExecutionTimeoutInSeconds; traffic was moved back to the previous fleet.";
            }

            if (now >= end)
            {
                return null;
            }

            var remaining = end - now;
            await Task.Delay(remaining < AlarmPollInterval ? remaining : AlarmPollInterval, time).ConfigureAwait(false);
        }
    }

    private async Task RollBackAsync(string name, string reason)
    {
        // Traffic first: one publish puts every new request back on the live fleet.
        WeightedVariants? abandoned = null;
        if (routes.TryGet(name, out var table) && table.Incoming is not null)
        {
            abandoned = table.Incoming;
            routes.Publish(new RoutingTable(name, table.Live, null, 0));
        }

        Log.RolledBack(logger, name, reason);
        lock (_gate)
        {
            if (store.GetEndpoint(name) is { } rolling)
            {
                store.UpdateEndpoint(rolling with { Status = EndpointStatus.RollingBack, LastModifiedTime = time.GetUtcNow() });
            }
        }

        // RollingBack lasts while the abandoned fleet finishes the requests it already had (bounded).
        var drainDeadline = time.GetUtcNow() + RollbackDrainLimit;
        while (abandoned is not null && abandoned.Variants.Any(v => v.Instances.Any(i => i.InFlight > 0)) && time.GetUtcNow() < drainDeadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), time).ConfigureAwait(false);
        }

        lock (_gate)
        {
            if (store.GetEndpoint(name) is { } latest)
            {
                var state = EndpointState.Parse(latest.Document);
                state.Pending = null;
                var serving = routes.TryGet(name, out _);
                store.UpdateEndpoint(latest with
                {
                    Status = serving ? EndpointStatus.InService : EndpointStatus.Failed,
                    FailureReason = reason,
                    LastModifiedTime = time.GetUtcNow(),
                    Document = state.Serialize(),
                });
            }
        }
    }

    private void Persist(string name, Action<EndpointState> change)
    {
        lock (_gate)
        {
            if (store.GetEndpoint(name) is not { } record)
            {
                return;
            }

            var state = EndpointState.Parse(record.Document);
            change(state);
            store.UpdateEndpoint(record with { LastModifiedTime = time.GetUtcNow(), Document = state.Serialize() });
        }
    }

    private static void Promote(EndpointState state, PendingDeployment pending)
    {
        state.Variants = pending.Variants;
        state.DeploymentConfig = pending.DeploymentConfig;
        state.DataCaptureConfig = pending.DataCaptureConfig;
        state.Pending = null;
    }

    private static void RefuseOversizedCanary(DeploymentConfig? config, List<VariantState> incoming)
    {
        var routing = config?.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration;
        var instances = incoming.Sum(v => Math.Max(1, v.DesiredInstanceCount));
        foreach (var (size, label, max) in new[] { (routing?.CanarySize, "CanarySize", 0.5), (routing?.LinearStepSize, "LinearStepSize", 0.5) })
        {
            if (size is { Type: "INSTANCE_COUNT", Value: { } count } && (count > instances * max || count < 1))
            {
                throw ControlPlaneException.Validation($"{label} of {count} instances is more than 50% of the new fleet's {instances} instances.");
            }
        }
    }

    private static PendingDeploymentSummary SummarisePending(PendingDeployment pending)
    {
        var loaded = pending.Phase != DeploymentPhase.Creating;
        var message = pending.Phase switch
        {
            DeploymentPhase.Creating => "Loading and warming the new fleet; traffic stays on the current fleet.",
            DeploymentPhase.Baking => "All traffic is on the new fleet; baking before the old fleet is released.",
            _ => $"The new fleet receives {pending.TrafficShare * 100:0.##}% of the endpoint's traffic.",
        };
        return new PendingDeploymentSummary
        {
            EndpointConfigName = pending.EndpointConfigName,
            StartTime = pending.StartTime,
            ProductionVariants = [.. pending.Variants.Select(v => new PendingProductionVariantSummary
            {
                VariantName = v.VariantName,
                DeployedImages = [new DeployedImage { SpecifiedImage = v.Container.Image, ResolvedImage = v.Container.Image }],
                CurrentWeight = loaded ? (float)(v.DesiredWeight * pending.TrafficShare) : 0,
                DesiredWeight = v.DesiredWeight,
                CurrentInstanceCount = loaded ? Math.Max(1, v.DesiredInstanceCount) : 0,
                DesiredInstanceCount = v.DesiredInstanceCount,
                InstanceType = v.InstanceType,
                VariantStatus = [new VariantStatus { Status = pending.Phase, StatusMessage = message, StartTime = pending.PhaseStartTime }],
            })],
        };
    }
}
