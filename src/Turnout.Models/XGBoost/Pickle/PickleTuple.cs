namespace Turnout.Models.XGBoost.Pickle;

internal sealed record PickleTuple(object?[] Items);
