using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Turnout.Cli.Client;
using Turnout.Cli.Commands;
using Turnout.Cli.Output;
using Turnout.Cli.Parsing;

namespace Turnout.Cli.Apply;

/// <summary><c>turnout apply -f endpoint.yaml</c>: make the server match the file, showing the diff first.</summary>
internal static class ApplyCommand
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromMinutes(30);

    public static Command Create()
    {
        var file = new Option<string>("--file", "-f") { Description = "The YAML file declaring models and the endpoint (see examples/churn-ab/endpoint.yaml).", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would change and change nothing." };
        return ClientCommand.Create("apply", "apply", """
            Create or update models, endpoint config and endpoint from one YAML file: the whole A/B setup in a
            file you can review. Idempotent: applying the same file again changes nothing and says so. When the
            endpoint exists and differs, the diff is shown first; weight or instance-count changes go through
            UpdateEndpointWeightsAndCapacities, other changes through a new config and a blue/green UpdateEndpoint.

            endpoint.yaml:
              models:
                - name: churn-a
                  modelData: model/xgb-churn-prediction-model.tar.gz   # relative to the file, or a URL
                  image: turnout/xgboost                               # optional
              endpoint:
                name: churn-ab
                variants:
                  - { name: Variant1, model: churn-a, weight: 50, instances: 1 }
                deployment: { canary: 10%, wait: 60s }                 # optional, for config changes

            Examples:
              turnout apply -f examples/churn-ab/endpoint.yaml
              turnout apply -f endpoint.yaml --dry-run
            """, async (parse, client, printer, ct) =>
        {
            var spec = ApplySpecReader.Read(parse.GetValue(file)!);
            var plan = await PlanAsync(client, spec, ct).ConfigureAwait(false);
            var dry = parse.GetValue(dryRun);
            if (printer.Json)
            {
                var result = new JsonObject
                {
                    ["EndpointName"] = spec.Endpoint.Name,
                    ["EndpointConfigName"] = plan.ConfigName,
                    ["Change"] = plan.NoChanges ? "None" : plan.Endpoint == EndpointChange.None ? "Models" : plan.Endpoint.ToString(),
                    ["Diff"] = new JsonArray(plan.Diff.Select(d => (JsonNode)d).ToArray()),
                    ["DryRun"] = dry,
                };
                if (!dry)
                {
                    await ExecuteAsync(client, spec, plan, printer, ct).ConfigureAwait(false);
                }

                printer.WriteJson(result);
                return ExitCodes.Ok;
            }

            if (plan.NoChanges)
            {
                printer.Say($"No changes: {Markup.Escape(spec.Endpoint.Name)} already matches {Markup.Escape(parse.GetValue(file)!)}.");
                return ExitCodes.Ok;
            }

            foreach (var line in plan.Diff)
            {
                var colour = line.TrimStart()[0] switch { '+' => "green", '-' => "red", _ => "yellow" };
                printer.Say($"[{colour}]{Markup.Escape(line)}[/]");
            }

            if (dry)
            {
                printer.Say("Dry run: nothing changed.");
                return ExitCodes.Ok;
            }

            await ExecuteAsync(client, spec, plan, printer, ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        }, file, dryRun);
    }

    public static async Task<ApplyPlan> PlanAsync(TurnoutClient client, ApplySpec spec, CancellationToken ct)
    {
        var models = new Dictionary<string, LiveModel>(StringComparer.Ordinal);
        foreach (var model in spec.Models)
        {
            if (await TryAsync(client, "DescribeModel", new JsonObject { ["ModelName"] = model.Name }, ct).ConfigureAwait(false) is { } m)
            {
                var container = m["PrimaryContainer"] ?? m["Containers"]?[0];
                models[model.Name] = new LiveModel(model.Name, container?["ModelDataUrl"]?.ToString() ?? "", container?["Image"]?.ToString() ?? "");
            }
        }

        var configs = new HashSet<string>(StringComparer.Ordinal);
        var configName = ApplyPlanner.ConfigName(spec);
        if (await TryAsync(client, "DescribeEndpointConfig", new JsonObject { ["EndpointConfigName"] = configName }, ct).ConfigureAwait(false) is not null)
        {
            configs.Add(configName);
        }

        LiveEndpoint? live = null;
        if (await TryAsync(client, "DescribeEndpoint", new JsonObject { ["EndpointName"] = spec.Endpoint.Name }, ct).ConfigureAwait(false) is { } e)
        {
            var liveConfigName = e["EndpointConfigName"]?.ToString() ?? "";
            var liveConfig = await TryAsync(client, "DescribeEndpointConfig", new JsonObject { ["EndpointConfigName"] = liveConfigName }, ct).ConfigureAwait(false);
            var declared = liveConfig?["ProductionVariants"]?.AsArray() ?? [];
            live = new LiveEndpoint(spec.Endpoint.Name, e["EndpointStatus"]?.ToString() ?? "", liveConfigName,
                (e["ProductionVariants"]?.AsArray() ?? []).Select(v =>
                {
                    var name = v?["VariantName"]?.ToString() ?? "";
                    var inConfig = declared.FirstOrDefault(d => d?["VariantName"]?.ToString() == name);
                    return new LiveVariant(name, inConfig?["ModelName"]?.ToString(), inConfig?["InstanceType"]?.ToString(),
                        (float)EndpointsCommand.Weight(v?["DesiredWeight"] ?? v?["CurrentWeight"]),
                        (v?["DesiredInstanceCount"] ?? v?["CurrentInstanceCount"])?.GetValue<int>() ?? 1);
                }).ToList());
        }

        return ApplyPlanner.Plan(spec, models, configs, live);
    }

    private static async Task ExecuteAsync(TurnoutClient client, ApplySpec spec, ApplyPlan plan, Printer printer, CancellationToken ct)
    {
        foreach (var model in plan.ModelsToCreate)
        {
            await client.SageMakerAsync("CreateModel", ModelsCommand.Input(model.Name, model.ModelDataUrl, model.Image, ModelsCommand.DefaultRole), ct).ConfigureAwait(false);
            Done(printer, $"model {model.Name} created");
        }

        var endpoint = spec.Endpoint;
        if (plan.CreateConfig)
        {
            await client.SageMakerAsync("CreateEndpointConfig", ConfigsCommand.Input(plan.ConfigName,
                endpoint.Variants.Select(v => new VariantSpec(v.Name, v.Model, v.Weight, v.Instances)), endpoint.InstanceType), ct).ConfigureAwait(false);
            Done(printer, $"endpoint config {plan.ConfigName} created");
        }

        string? expectedConfig = null;
        switch (plan.Endpoint)
        {
            case EndpointChange.None:
                return;
            case EndpointChange.Create:
                await client.SageMakerAsync("CreateEndpoint", new JsonObject { ["EndpointName"] = endpoint.Name, ["EndpointConfigName"] = plan.ConfigName }, ct).ConfigureAwait(false);
                break;
            case EndpointChange.Weights:
                await client.SageMakerAsync("UpdateEndpointWeightsAndCapacities", EndpointsCommand.WeightsInput(endpoint.Name,
                    endpoint.Variants.Select(v => new VariantWeight(v.Name, v.Weight, v.Instances))), ct).ConfigureAwait(false);
                break;
            case EndpointChange.Config:
                var input = new JsonObject { ["EndpointName"] = endpoint.Name, ["EndpointConfigName"] = plan.ConfigName };
                if (endpoint.Deployment is { } d && EndpointsCommand.DeploymentConfig(d.Canary, d.Linear, d.Wait, []) is { } deployment)
                {
                    input["DeploymentConfig"] = deployment;
                }

                await client.SageMakerAsync("UpdateEndpoint", input, ct).ConfigureAwait(false);
                expectedConfig = plan.ConfigName;
                break;
        }

        var final = await EndpointWaiter.WaitAsync(client, endpoint.Name, printer, WaitLimit, ct, expectedConfig).ConfigureAwait(false);
        if (!printer.Json)
        {
            printer.Success($"endpoint {endpoint.Name} is InService on config {final["EndpointConfigName"]}");
            EndpointsCommand.WriteEndpoint(printer, final);
        }
    }

    private static void Done(Printer printer, string text)
    {
        if (printer.Json)
        {
            printer.Note(text);
        }
        else
        {
            printer.Success(text);
        }
    }

    private static async Task<JsonNode?> TryAsync(TurnoutClient client, string operation, JsonObject input, CancellationToken ct)
    {
        try
        {
            return await client.SageMakerAsync(operation, input, ct).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
