namespace Turnout.Models.XGBoost.Pickle;

/// <summary>What a pickled <c>xgboost.core.Booster</c>'s state holds beyond the model bytes.</summary>
/// <param name="Handle">The model bytes (<c>state['handle']</c>).</param>
/// <param name="BestNTreeLimit"><c>state['best_ntree_limit']</c>, or 0; SageMaker serving predicts with it.</param>
/// <param name="FeatureNames"><c>state['feature_names']</c> (0.90–1.3 pickles), or null.</param>
internal sealed record PickledBooster(byte[] Handle, int BestNTreeLimit, string[]? FeatureNames);
