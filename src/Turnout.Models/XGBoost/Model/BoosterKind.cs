namespace Turnout.Models.XGBoost.Model;

internal enum BoosterKind
{
    GBTree,
    Dart,
    GBLinear,
}
