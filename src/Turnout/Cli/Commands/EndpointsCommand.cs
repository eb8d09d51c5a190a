using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Turnout.Cli.Client;
using Turnout.Cli.Output;
using Turnout.Cli.Parsing;

namespace Turnout.Cli.Commands;

/// <summary><c>turnout endpoints list|describe|create|delete|set-weights|update</c>.</summary>
internal static class EndpointsCommand
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromMinutes(30);

    public static Command Create() => new("endpoints", "Endpoints: a name clients invoke, with weighted production variants.")
    {
        List(), Describe(), CreateEndpoint(), Delete(), SetWeights(), Update(),
    };

    private static Argument<string> Name() => ClientCommand.NameArgument("Endpoint name.", "ListEndpoints", "Endpoints", "EndpointName");

    private static Option<bool> NoWait() => new("--no-wait") { Description = "Return once the server accepted the change instead of waiting for InService." };

    private static Command List() => ClientCommand.Create("list", "endpoints list", """
        List endpoints and their status.

        Examples:
          turnout endpoints list
          turnout endpoints list -o json | jq -r '.Endpoints[] | select(.EndpointStatus != "InService") | .EndpointName'
        """, async (parse, client, printer, ct) =>
    {
        var answer = await client.SageMakerAsync("ListEndpoints", new JsonObject { ["MaxResults"] = 100, ["SortBy"] = "Name", ["SortOrder"] = "Ascending" }, ct).ConfigureAwait(false);
        if (printer.Json)
        {
            printer.WriteJson(answer);
            return ExitCodes.Ok;
        }

        printer.Table(["name", "status", "modified"], (answer["Endpoints"]?.AsArray() ?? []).Select(e => (IReadOnlyList<string>)
            [ClientCommand.Text(e?["EndpointName"]), ClientCommand.Text(e?["EndpointStatus"]), ClientCommand.Time(e?["LastModifiedTime"])]));
        return ExitCodes.Ok;
    });

    private static Command Describe()
    {
        var name = Name();
        return ClientCommand.Create("describe", "endpoints describe", """
            Show an endpoint: status, config, and each variant's weight, share of traffic and instances.

            Examples:
              turnout endpoints describe churn-ab
              turnout endpoints describe churn-ab -o json | jq '.ProductionVariants[].CurrentWeight'
            """, async (parse, client, printer, ct) =>
        {
            var answer = await client.SageMakerAsync("DescribeEndpoint", new JsonObject { ["EndpointName"] = parse.GetValue(name) }, ct).ConfigureAwait(false);
            if (printer.Json)
            {
                printer.WriteJson(answer);
            }
            else
            {
                WriteEndpoint(printer, answer);
            }

            return ExitCodes.Ok;
        }, name);
    }

    public static void WriteEndpoint(Printer printer, JsonNode answer)
    {
        var variants = answer["ProductionVariants"]?.AsArray() ?? [];
        var total = variants.Sum(v => Weight(v?["CurrentWeight"] ?? v?["DesiredWeight"]));
        var title = $"{answer["EndpointName"]}: {answer["EndpointStatus"]} on config {answer["EndpointConfigName"]}";
        printer.Table(["variant", "weight", "share", "instances", "status"], variants.Select(v =>
        {
            var weight = Weight(v?["CurrentWeight"] ?? v?["DesiredWeight"]);
            var status = v?["VariantStatus"]?.AsArray().Select(s => s?["Status"]?.ToString()).FirstOrDefault() ?? ClientCommand.Text(answer["EndpointStatus"]);
            return (IReadOnlyList<string>)
            [
                ClientCommand.Text(v?["VariantName"]),
                weight.ToString("0.##", CultureInfo.InvariantCulture),
                total > 0 ? (weight / total).ToString("0.#%", CultureInfo.InvariantCulture) : "-",
                ClientCommand.Text(v?["CurrentInstanceCount"] ?? v?["DesiredInstanceCount"]),
                status,
            ];
        }), title);
        if (answer["FailureReason"]?.ToString() is { } reason)
        {
            printer.Say($"[yellow]{Spectre.Console.Markup.Escape(reason)}[/]");
        }

        if (answer["PendingDeploymentSummary"] is { } pending)
        {
            printer.Say($"Deploying config {Spectre.Console.Markup.Escape(pending["EndpointConfigName"]?.ToString() ?? "?")}: "
                + Spectre.Console.Markup.Escape(pending["ProductionVariants"]?.AsArray().SelectMany(v => v?["VariantStatus"]?.AsArray() ?? []).Select(s => s?["StatusMessage"]?.ToString()).FirstOrDefault(m => m is not null) ?? "in progress"));
        }
    }

    public static double Weight(JsonNode? node) => node is null ? 0 : node.GetValue<double>();

    private static Command CreateEndpoint()
    {
        var name = new Argument<string>("NAME") { Description = "Endpoint name." };
        var config = new Option<string>("--config") { Description = "Endpoint config to create it from.", Required = true };
        var noWait = NoWait();
        return ClientCommand.Create("create", "endpoints create", """
            Create an endpoint from a config and wait until it is InService (models fetched, compiled and warmed).

            Examples:
              turnout endpoints create churn-ab --config churn-ab-v1
              turnout endpoints create churn-ab --config churn-ab-v1 --no-wait
            """, async (parse, client, printer, ct) =>
        {
            var endpoint = parse.GetValue(name)!;
            var answer = await client.SageMakerAsync("CreateEndpoint", new JsonObject { ["EndpointName"] = endpoint, ["EndpointConfigName"] = parse.GetValue(config) }, ct).ConfigureAwait(false);
            return await Finish(client, printer, endpoint, answer, parse.GetValue(noWait), $"endpoint {endpoint} created", null, ct).ConfigureAwait(false);
        }, name, config, noWait);
    }

    private static Command Delete()
    {
        var name = Name();
        return ClientCommand.Create("delete", "endpoints delete", """
            Delete an endpoint; its variants stop serving. Its models and config stay.

            Example:
              turnout endpoints delete churn-ab
            """, async (parse, client, printer, ct) =>
        {
            var endpoint = parse.GetValue(name)!;
            await client.SageMakerAsync("DeleteEndpoint", new JsonObject { ["EndpointName"] = endpoint }, ct).ConfigureAwait(false);
            printer.Success($"endpoint {endpoint} deleted");
            return ExitCodes.Ok;
        }, name);
    }

    private static Command SetWeights()
    {
        var name = Name();
        var weights = new Argument<string[]>("WEIGHTS") { Description = "VARIANT=WEIGHT or VARIANT=WEIGHT:INSTANCES, for the variants to change.", Arity = ArgumentArity.OneOrMore };
        var noWait = NoWait();
        return ClientCommand.Create("set-weights", "endpoints set-weights", """
            Change variants' weights (and optionally instance counts) without downtime
            (UpdateEndpointWeightsAndCapacities). Weights are relative: 25 and 75 send a quarter and three quarters.

            Examples:
              turnout endpoints set-weights churn-ab Variant1=25 Variant2=75
              turnout endpoints set-weights churn-ab Variant1=0 Variant2=1
              turnout endpoints set-weights churn-ab Variant2=1:3        # weight 1, 3 instances
            """, async (parse, client, printer, ct) =>
        {
            var endpoint = parse.GetValue(name)!;
            var parsed = WeightsParser.Parse(parse.GetValue(weights)!);
            var answer = await client.SageMakerAsync("UpdateEndpointWeightsAndCapacities", WeightsInput(endpoint, parsed), ct).ConfigureAwait(false);
            var summary = string.Join(", ", parsed.Select(w => $"{w.Variant}={w.Weight.ToString(CultureInfo.InvariantCulture)}{(w.Instances is { } n ? $" ({n} instances)" : "")}"));
            return await Finish(client, printer, endpoint, answer, parse.GetValue(noWait), $"{endpoint}: weights set to {summary}", null, ct).ConfigureAwait(false);
        }, name, weights, noWait);
    }

    public static JsonObject WeightsInput(string endpoint, IEnumerable<VariantWeight> weights) => new()
    {
        ["EndpointName"] = endpoint,
        ["DesiredWeightsAndCapacities"] = new JsonArray(weights.Select(w =>
        {
            var item = new JsonObject { ["VariantName"] = w.Variant, ["DesiredWeight"] = w.Weight };
            if (w.Instances is { } n)
            {
                item["DesiredInstanceCount"] = n;
            }

            return (JsonNode)item;
        }).ToArray()),
    };

    private static Command Update()
    {
        var name = Name();
        var config = new Option<string>("--config") { Description = "The new endpoint config.", Required = true };
        var canary = new Option<string?>("--canary") { Description = "Blue/green canary: move this share of capacity first (1%–50%), then the rest." };
        var linear = new Option<string?>("--linear") { Description = "Blue/green linear: move traffic in steps of this share (10%–50%)." };
        var wait = new Option<string?>("--wait") { Description = "Time between steps and baking time, e.g. 60s or 5m (SageMaker's WaitIntervalInSeconds, at most 1h; default 0)." };
        var alarms = new Option<string[]>("--rollback-alarm") { Description = "A CloudWatch alarm that rolls the deployment back when it fires; repeatable.", AllowMultipleArgumentsPerToken = true };
        var noWait = NoWait();
        return ClientCommand.Create("update", "endpoints update", """
            Move an endpoint to a new config with a blue/green deployment (UpdateEndpoint): the new fleet is
            warmed while the old one serves, then traffic moves all at once, as a canary, or linearly; an alarm
            rolls it back. Waits and shows each step unless --no-wait.

            Examples:
              turnout endpoints update churn-ab --config churn-ab-v2
              turnout endpoints update churn-ab --config churn-ab-v2 --canary 10% --wait 60s
              turnout endpoints update churn-ab --config churn-ab-v2 --linear 25% --wait 30s --rollback-alarm churn-errors
            """, async (parse, client, printer, ct) =>
        {
            var endpoint = parse.GetValue(name)!;
            var configName = parse.GetValue(config)!;
            var input = new JsonObject { ["EndpointName"] = endpoint, ["EndpointConfigName"] = configName };
            if (DeploymentConfig(parse.GetValue(canary), parse.GetValue(linear), parse.GetValue(wait), parse.GetValue(alarms) ?? []) is { } deployment)
            {
                input["DeploymentConfig"] = deployment;
            }

            var answer = await client.SageMakerAsync("UpdateEndpoint", input, ct).ConfigureAwait(false);
            return await Finish(client, printer, endpoint, answer, parse.GetValue(noWait), $"{endpoint} now runs config {configName}", configName, ct).ConfigureAwait(false);
        }, name, config, canary, linear, wait, alarms, noWait);
    }

    /// <summary>A BlueGreenUpdatePolicy from the flags, or null (the server's all-at-once) when none is given.</summary>
    internal static JsonObject? DeploymentConfig(string? canary, string? linear, string? wait, IReadOnlyList<string> alarms)
    {
        if (canary is not null && linear is not null)
        {
            throw new UsageException("--canary and --linear are alternatives; give one.");
        }

        if (canary is null && linear is null && wait is null && alarms.Count == 0)
        {
            return null;
        }

        var interval = wait is null ? TimeSpan.Zero : Durations.Parse(wait, "--wait");
        if (interval > TimeSpan.FromHours(1))
        {
            throw new UsageException($"--wait {wait}: at most 1h (SageMaker's limit for WaitIntervalInSeconds).");
        }

        var routing = new JsonObject { ["WaitIntervalInSeconds"] = (int)interval.TotalSeconds };
        if (canary is not null)
        {
            routing["Type"] = "CANARY";
            routing["CanarySize"] = new JsonObject { ["Type"] = "CAPACITY_PERCENT", ["Value"] = WeightsParser.Percent(canary, "--canary", 1, 50) };
        }
        else if (linear is not null)
        {
            routing["Type"] = "LINEAR";
            routing["LinearStepSize"] = new JsonObject { ["Type"] = "CAPACITY_PERCENT", ["Value"] = WeightsParser.Percent(linear, "--linear", 10, 50) };
        }
        else
        {
            routing["Type"] = "ALL_AT_ONCE";
        }

        var config = new JsonObject { ["BlueGreenUpdatePolicy"] = new JsonObject { ["TrafficRoutingConfiguration"] = routing } };
        if (alarms.Count > 0)
        {
            config["AutoRollbackConfiguration"] = new JsonObject { ["Alarms"] = new JsonArray(alarms.Select(a => (JsonNode)new JsonObject { ["AlarmName"] = a }).ToArray()) };
        }

        return config;
    }

    private static async Task<int> Finish(TurnoutClient client, Printer printer, string endpoint, JsonNode answer, bool noWait, string done, string? expectedConfig, CancellationToken ct)
    {
        if (noWait)
        {
            if (printer.Json)
            {
                printer.WriteJson(answer);
            }
            else
            {
                printer.Success(done.Replace(" now runs ", " is moving to ", StringComparison.Ordinal) + " (not waiting)");
            }

            return ExitCodes.Ok;
        }

        var final = await EndpointWaiter.WaitAsync(client, endpoint, printer, WaitLimit, ct, expectedConfig).ConfigureAwait(false);
        if (printer.Json)
        {
            printer.WriteJson(final);
        }
        else
        {
            printer.Success(done);
            WriteEndpoint(printer, final);
        }

        return ExitCodes.Ok;
    }
}
