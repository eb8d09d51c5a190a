using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Turnout.Cli.Apply;

/// <summary>
/// Compares the declared setup with the server's: which models to create, whether a new endpoint config is
/// needed (named after a hash of its variants, so applying the same file twice names the same config), and
/// whether the endpoint changes by weights alone or by a blue/green update.
/// </summary>
internal static class ApplyPlanner
{
    public static ApplyPlan Plan(ApplySpec spec, IReadOnlyDictionary<string, LiveModel> liveModels, ISet<string> liveConfigs, LiveEndpoint? live)
    {
        var diff = new List<string>();
        var toCreate = new List<ModelSpec>();
        foreach (var model in spec.Models)
        {
            if (!liveModels.TryGetValue(model.Name, out var existing))
            {
                toCreate.Add(model);
                diff.Add($"+ model {model.Name} ({model.ModelDataUrl})");
            }
            else if (existing.ModelDataUrl != model.ModelDataUrl || existing.Image != model.Image)
            {
                var what = existing.ModelDataUrl != model.ModelDataUrl ? $"ModelDataUrl {existing.ModelDataUrl}" : $"image {existing.Image}";
                throw new UsageException($"model {model.Name} already exists with {what}. Models cannot change (as in SageMaker): give the new artifact a new name, e.g. {model.Name}-v2, and point the variant at it.");
            }
        }

        var configName = ConfigName(spec);
        var needsConfig = !liveConfigs.Contains(configName);
        var endpoint = spec.Endpoint;
        if (live is null)
        {
            if (needsConfig)
            {
                diff.Add($"+ endpoint config {configName}: " + string.Join(", ", endpoint.Variants.Select(v => $"{v.Name}={v.Model} weight {Fmt(v.Weight)}")));
            }

            diff.Add($"+ endpoint {endpoint.Name} on config {configName}");
            return new ApplyPlan(toCreate, configName, needsConfig, EndpointChange.Create, diff);
        }

        if (live.Status != "InService")
        {
            throw new EndpointException($"endpoint {endpoint.Name} is {live.Status}; apply again once it is InService (or delete and recreate a Failed endpoint).");
        }

        var structural = new List<string>();
        var weights = new List<string>();
        foreach (var variant in endpoint.Variants)
        {
            var current = live.Variants.FirstOrDefault(v => v.Name == variant.Name);
            if (current is null)
            {
                structural.Add($"  + variant {variant.Name} (model {variant.Model}, weight {Fmt(variant.Weight)}, {variant.Instances} instance(s))");
                continue;
            }

            if (current.Model != variant.Model)
            {
                structural.Add($"  ~ variant {variant.Name} model {current.Model ?? "?"} → {variant.Model}");
            }

            if (current.InstanceType is not null && current.InstanceType != endpoint.InstanceType)
            {
                structural.Add($"  ~ variant {variant.Name} instance type {current.InstanceType} → {endpoint.InstanceType}");
            }

            if (Math.Abs(current.Weight - variant.Weight) > 1e-4)
            {
                weights.Add($"  ~ variant {variant.Name} weight {Fmt(current.Weight)} → {Fmt(variant.Weight)}");
            }

            if (current.Instances != variant.Instances)
            {
                weights.Add($"  ~ variant {variant.Name} instances {current.Instances} → {variant.Instances}");
            }
        }

        foreach (var gone in live.Variants.Where(v => endpoint.Variants.All(d => d.Name != v.Name)))
        {
            structural.Add($"  - variant {gone.Name} (model {gone.Model ?? "?"}, weight {Fmt(gone.Weight)})");
        }

        if (structural.Count > 0)
        {
            if (needsConfig)
            {
                diff.Add($"+ endpoint config {configName}: " + string.Join(", ", endpoint.Variants.Select(v => $"{v.Name}={v.Model} weight {Fmt(v.Weight)}")));
            }

            diff.Add($"~ endpoint {endpoint.Name}: config {live.ConfigName} → {configName} (blue/green UpdateEndpoint)");
            diff.AddRange(structural);
            diff.AddRange(weights);
            return new ApplyPlan(toCreate, configName, needsConfig, EndpointChange.Config, diff);
        }

        if (weights.Count > 0)
        {
            diff.Add($"~ endpoint {endpoint.Name}: weights and instance counts (UpdateEndpointWeightsAndCapacities)");
            diff.AddRange(weights);
            return new ApplyPlan(toCreate, live.ConfigName, false, EndpointChange.Weights, diff);
        }

        return new ApplyPlan(toCreate, live.ConfigName, false, EndpointChange.None, diff);
    }

    /// <summary>ENDPOINT-xxxxxxxx: the hash of the variants, models, weights, counts and instance type.</summary>
    public static string ConfigName(ApplySpec spec)
    {
        var e = spec.Endpoint;
        var text = new StringBuilder(e.InstanceType);
        foreach (var v in e.Variants)
        {
            text.Append('|').Append(v.Name).Append('=').Append(v.Model).Append(':').Append(Fmt(v.Weight)).Append(':').Append(v.Instances);
            var model = spec.Models.FirstOrDefault(m => m.Name == v.Model);
            if (model is not null)
            {
                text.Append(':').Append(model.ModelDataUrl).Append(':').Append(model.Image);
            }
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..8];
        var prefix = e.Name.Length > 54 ? e.Name[..54].TrimEnd('-') : e.Name;
        return $"{prefix}-{hash}";
    }

    private static string Fmt(float weight) => weight.ToString("0.###", CultureInfo.InvariantCulture);
}
