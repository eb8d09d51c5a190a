using System.Text.RegularExpressions;

namespace Turnout.ControlPlane.Validation;

internal static partial class Patterns
{
    public const string RoleArnText = @"^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$";

    [GeneratedRegex(RoleArnText, RegexOptions.CultureInvariant)]
    public static partial Regex RoleArn();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$", RegexOptions.CultureInvariant)]
    public static partial Regex EnvironmentKey();

    [GeneratedRegex("^[a-zA-Z0-9-]+$", RegexOptions.CultureInvariant)]
    public static partial Regex NameContains();
}
