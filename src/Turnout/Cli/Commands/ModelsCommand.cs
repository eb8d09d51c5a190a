using System.CommandLine;
using System.Text.Json.Nodes;

namespace Turnout.Cli.Commands;

/// <summary><c>turnout models list|describe|create|delete</c>.</summary>
internal static class ModelsCommand
{
    public const string DefaultImage = "turnout/xgboost";
    public const string DefaultRole = "arn:aws:iam::000000000000:role/Turnout";

    public static Command Create()
    {
        var list = ClientCommand.Create("list", "models list", """
            List models.

            Examples:
              turnout models list
              turnout models list --output json | jq -r '.Models[].ModelName'
            """, async (parse, client, printer, ct) =>
        {
            var answer = await client.SageMakerAsync("ListModels", new JsonObject { ["MaxResults"] = 100, ["SortBy"] = "Name", ["SortOrder"] = "Ascending" }, ct).ConfigureAwait(false);
            if (printer.Json)
            {
                printer.WriteJson(answer);
                return ExitCodes.Ok;
            }

            printer.Table(["name", "created"], (answer["Models"]?.AsArray() ?? []).Select(m => (IReadOnlyList<string>)[ClientCommand.Text(m?["ModelName"]), ClientCommand.Time(m?["CreationTime"])]));
            return ExitCodes.Ok;
        });

        var describeName = ClientCommand.NameArgument("Model name.", "ListModels", "Models", "ModelName");
        var describe = ClientCommand.Create("describe", "models describe", """
            Show a model: its container image and artifact.

            Example:
              turnout models describe churn-a
            """, async (parse, client, printer, ct) =>
        {
            var answer = await client.SageMakerAsync("DescribeModel", new JsonObject { ["ModelName"] = parse.GetValue(describeName) }, ct).ConfigureAwait(false);
            if (printer.Json)
            {
                printer.WriteJson(answer);
                return ExitCodes.Ok;
            }

            var container = answer["PrimaryContainer"] ?? answer["Containers"]?[0];
            printer.Table(["field", "value"],
            [
                ["name", ClientCommand.Text(answer["ModelName"])],
                ["arn", ClientCommand.Text(answer["ModelArn"])],
                ["image", ClientCommand.Text(container?["Image"])],
                ["model data", ClientCommand.Text(container?["ModelDataUrl"])],
                ["created", ClientCommand.Time(answer["CreationTime"])],
            ]);
            return ExitCodes.Ok;
        }, describeName);

        var createName = new Argument<string>("NAME") { Description = "Model name." };
        var data = new Option<string>("--model-data") { Description = "The artifact: a local file (made absolute), file:///…, https://…, or s3://bucket/key under the server's --s3-root.", Required = true };
        var image = new Option<string>("--image") { Description = "Container image: a SageMaker XGBoost image URI or turnout/xgboost.", DefaultValueFactory = _ => DefaultImage };
        var role = new Option<string>("--execution-role-arn") { Description = "Stored as SageMaker stores it; Turnout does not use it.", DefaultValueFactory = _ => DefaultRole };
        var create = ClientCommand.Create("create", "models create", """
            Register a model from an XGBoost artifact (model.tar.gz or a model file).

            Examples:
              turnout models create churn-a --model-data examples/churn-ab/model/xgb-churn-prediction-model.tar.gz
              turnout models create churn-b --model-data s3://models/churn/model2.tar.gz --image 683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-1-cpu-py3
            """, async (parse, client, printer, ct) =>
        {
            var name = parse.GetValue(createName)!;
            var answer = await client.SageMakerAsync("CreateModel", Input(name, ModelDataUrl(parse.GetValue(data)!, Environment.CurrentDirectory), parse.GetValue(image)!, parse.GetValue(role)!), ct).ConfigureAwait(false);
            if (printer.Json)
            {
                printer.WriteJson(answer);
            }
            else
            {
                printer.Success($"model {name} created ({answer["ModelArn"]})");
            }

            return ExitCodes.Ok;
        }, createName, data, image, role);

        var deleteName = ClientCommand.NameArgument("Model name.", "ListModels", "Models", "ModelName");
        var delete = ClientCommand.Create("delete", "models delete", """
            Delete a model. Endpoints already using it keep serving (they hold a snapshot).

            Example:
              turnout models delete churn-a
            """, async (parse, client, printer, ct) =>
        {
            var name = parse.GetValue(deleteName)!;
            await client.SageMakerAsync("DeleteModel", new JsonObject { ["ModelName"] = name }, ct).ConfigureAwait(false);
            printer.Success($"model {name} deleted");
            return ExitCodes.Ok;
        }, deleteName);

        return new Command("models", "Models: an XGBoost artifact and the container image that runs it.") { list, describe, create, delete };
    }

    public static JsonObject Input(string name, string modelDataUrl, string image, string role) => new()
    {
        ["ModelName"] = name,
        ["ExecutionRoleArn"] = role,
        ["PrimaryContainer"] = new JsonObject { ["Image"] = image, ["ModelDataUrl"] = modelDataUrl },
    };

    /// <summary>URLs pass through; a local path becomes an absolute file:// URL (relative to <paramref name="baseDirectory"/>).</summary>
    public static string ModelDataUrl(string value, string baseDirectory) =>
        value.Contains("://", StringComparison.Ordinal) ? value : new Uri(Path.GetFullPath(value, baseDirectory)).AbsoluteUri;
}
