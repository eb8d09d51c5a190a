using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Turnout.Cli.Parsing;

namespace Turnout.Cli.Commands;

/// <summary><c>turnout configs list|describe|create|delete</c>: endpoint configurations.</summary>
internal static class ConfigsCommand
{
    public const string DefaultInstanceType = "ml.m5.xlarge";

    public static Command Create()
    {
        var list = ClientCommand.Create("list", "configs list", """
            List endpoint configurations.

            Example:
              turnout configs list
            """, async (parse, client, printer, ct) =>
        {
            var answer = await client.SageMakerAsync("ListEndpointConfigs", new JsonObject { ["MaxResults"] = 100, ["SortBy"] = "Name", ["SortOrder"] = "Ascending" }, ct).ConfigureAwait(false);
            if (printer.Json)
            {
                printer.WriteJson(answer);
                return ExitCodes.Ok;
            }

            printer.Table(["name", "created"], (answer["EndpointConfigs"]?.AsArray() ?? []).Select(m => (IReadOnlyList<string>)[ClientCommand.Text(m?["EndpointConfigName"]), ClientCommand.Time(m?["CreationTime"])]));
            return ExitCodes.Ok;
        });

        var describeName = ClientCommand.NameArgument("Endpoint config name.", "ListEndpointConfigs", "EndpointConfigs", "EndpointConfigName");
        var describe = ClientCommand.Create("describe", "configs describe", """
            Show an endpoint configuration's variants.

            Example:
              turnout configs describe churn-ab-v1
            """, async (parse, client, printer, ct) =>
        {
            var answer = await client.SageMakerAsync("DescribeEndpointConfig", new JsonObject { ["EndpointConfigName"] = parse.GetValue(describeName) }, ct).ConfigureAwait(false);
            if (printer.Json)
            {
                printer.WriteJson(answer);
                return ExitCodes.Ok;
            }

            printer.Table(["variant", "model", "weight", "instances", "instance type"],
                (answer["ProductionVariants"]?.AsArray() ?? []).Select(v => (IReadOnlyList<string>)
                [
                    ClientCommand.Text(v?["VariantName"]), ClientCommand.Text(v?["ModelName"]), ClientCommand.Text(v?["InitialVariantWeight"]),
                    ClientCommand.Text(v?["InitialInstanceCount"]), ClientCommand.Text(v?["InstanceType"]),
                ]), title: $"{answer["EndpointConfigName"]} (created {ClientCommand.Time(answer["CreationTime"])})");
            return ExitCodes.Ok;
        }, describeName);

        var createName = new Argument<string>("NAME") { Description = "Endpoint config name." };
        var variants = new Option<string[]>("--variant") { Description = "VARIANT=MODEL[:WEIGHT[:INSTANCES]]; repeat for each variant (weight 1 and 1 instance by default).", Required = true, AllowMultipleArgumentsPerToken = true };
        var instanceType = new Option<string>("--instance-type") { Description = "Instance type recorded for every variant.", DefaultValueFactory = _ => DefaultInstanceType };
        var create = ClientCommand.Create("create", "configs create", """
            Create an endpoint configuration: the variants, their models, initial weights and instance counts.

            Examples:
              turnout configs create churn-ab-v1 --variant Variant1=churn-a:50 --variant Variant2=churn-b:50
              turnout configs create churn-b-only --variant Variant2=churn-b:1:2
            """, async (parse, client, printer, ct) =>
        {
            var name = parse.GetValue(createName)!;
            var specs = parse.GetValue(variants)!.Select(VariantSpecParser.Parse).ToList();
            var answer = await client.SageMakerAsync("CreateEndpointConfig", Input(name, specs, parse.GetValue(instanceType)!), ct).ConfigureAwait(false);
            if (printer.Json)
            {
                printer.WriteJson(answer);
            }
            else
            {
                printer.Success($"endpoint config {name} created with {string.Join(", ", specs.Select(s => $"{s.Variant} ({s.Model}, weight {s.Weight.ToString(CultureInfo.InvariantCulture)})"))}");
            }

            return ExitCodes.Ok;
        }, createName, variants, instanceType);

        var deleteName = ClientCommand.NameArgument("Endpoint config name.", "ListEndpointConfigs", "EndpointConfigs", "EndpointConfigName");
        var delete = ClientCommand.Create("delete", "configs delete", """
            Delete an endpoint configuration. Endpoints created from it keep serving.

            Example:
              turnout configs delete churn-ab-v1
            """, async (parse, client, printer, ct) =>
        {
            var name = parse.GetValue(deleteName)!;
            await client.SageMakerAsync("DeleteEndpointConfig", new JsonObject { ["EndpointConfigName"] = name }, ct).ConfigureAwait(false);
            printer.Success($"endpoint config {name} deleted");
            return ExitCodes.Ok;
        }, deleteName);

        return new Command("configs", "Endpoint configurations: which models run as which variants, with what weights.") { list, describe, create, delete };
    }

    public static JsonObject Input(string name, IEnumerable<VariantSpec> specs, string instanceType) => new()
    {
        ["EndpointConfigName"] = name,
        ["ProductionVariants"] = new JsonArray(specs.Select(s => (JsonNode)new JsonObject
        {
            ["VariantName"] = s.Variant,
            ["ModelName"] = s.Model,
            ["InstanceType"] = instanceType,
            ["InitialInstanceCount"] = s.Instances,
            ["InitialVariantWeight"] = s.Weight,
        }).ToArray()),
    };
}
