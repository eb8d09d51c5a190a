namespace Turnout.EndToEnd.Rollout;

/// <summary>An endpoint config as the crash test made it: its name and each variant's model (1 or 2, the notebook's; 3, model 1 served slowly), weights 1:1.</summary>
internal sealed record Fleet(string Config, IReadOnlyDictionary<string, int> Models)
{
    public IReadOnlyList<string> Variants => [.. Models.Keys.Order(StringComparer.Ordinal)];
}
