using System.Text.Json;

namespace Turnout.Tests.Auth;

/// <summary>The keys auth tests sign with, and writing them as a credentials file.</summary>
internal static class AuthTestKeys
{
    public const string AdminId = "AKIDTURNOUTADMIN";
    public const string AdminSecret = "admin-Secret/Value+0123456789abcdefXYZ";
    public const string LimitedId = "AKIDTURNOUTLIMITED";
    public const string LimitedSecret = "limited-Secret/Value+0123456789abcdefXYZ";
    public const string MetricsId = "AKIDTURNOUTMETRICS";
    public const string MetricsSecret = "metrics-Secret/Value+0123456789abcdefXYZ";
    public const string WrongSecret = "wrong-Secret/Value+0123456789abcdefXYZ00";

    public static IReadOnlyList<string> Secrets { get; } = [AdminSecret, LimitedSecret, MetricsSecret];

    /// <summary>admin: everything; limited: read and invoke endpoints named prod-*; metrics: two CloudWatch reads.</summary>
    public static object StandardKeys() => new
    {
        keys = new object[]
        {
            new { accessKeyId = AdminId, secretAccessKey = AdminSecret },
            new
            {
                accessKeyId = LimitedId, secretAccessKey = LimitedSecret,
                allow = new[] { "sagemaker:Describe*", "sagemaker:List*", "sagemaker:InvokeEndpoint" },
                resources = new[] { "endpoint/prod-*" },
            },
            new { accessKeyId = MetricsId, secretAccessKey = MetricsSecret, allow = new[] { "cloudwatch:ListMetrics", "cloudwatch:GetMetricStatistics" } },
        },
    };

    public static string NewDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "turnout-auth-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Writes atomically (temp file + rename), as a deployment tool should.</summary>
    public static void Write(string path, object keys)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(keys));
        File.Move(temp, path, overwrite: true);
    }
}
