namespace Turnout.Models.XGBoost.Pickle;

/// <summary>An object created by NEWOBJ; BUILD stores its state here instead of running any code.</summary>
internal sealed class PickleInstance(PickleGlobal type)
{
    public PickleGlobal Type { get; } = type;

    public object? State { get; set; }
}
