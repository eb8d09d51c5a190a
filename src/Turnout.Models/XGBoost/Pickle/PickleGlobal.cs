namespace Turnout.Models.XGBoost.Pickle;

/// <summary>A class or function named by GLOBAL/STACK_GLOBAL. Only allow-listed names are ever created.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}
