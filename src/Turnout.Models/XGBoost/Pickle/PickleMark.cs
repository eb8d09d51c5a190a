namespace Turnout.Models.XGBoost.Pickle;

/// <summary>The MARK opcode's stack sentinel.</summary>
internal sealed class PickleMark
{
    public static readonly PickleMark Instance = new();

    private PickleMark()
    {
    }
}
