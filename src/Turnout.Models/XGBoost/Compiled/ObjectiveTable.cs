using System.Collections.Frozen;

namespace Turnout.Models.XGBoost.Compiled;

/// <summary>The objectives we can predict for, with libxgboost 1.7's ProbToMargin and PredTransform.</summary>
internal static class ObjectiveTable
{
    private static readonly FrozenDictionary<string, ObjectiveSpec> Specs = new Dictionary<string, ObjectiveSpec>
    {
        ["binary:logistic"] = new(MarginLink.Logit, OutputTransform.Sigmoid),
        ["reg:logistic"] = new(MarginLink.Logit, OutputTransform.Sigmoid),
        ["binary:logitraw"] = new(MarginLink.Identity, OutputTransform.Identity),
        ["binary:hinge"] = new(MarginLink.Identity, OutputTransform.Hinge),
        ["reg:squarederror"] = new(MarginLink.Identity, OutputTransform.Identity),
        ["reg:linear"] = new(MarginLink.Identity, OutputTransform.Identity),
        ["reg:squaredlogerror"] = new(MarginLink.Identity, OutputTransform.Identity),
        ["reg:pseudohubererror"] = new(MarginLink.Identity, OutputTransform.Identity),
        ["reg:absoluteerror"] = new(MarginLink.Identity, OutputTransform.Identity),
        ["reg:quantileerror"] = new(MarginLink.Identity, OutputTransform.Identity),
        ["count:poisson"] = new(MarginLink.Log, OutputTransform.Exp),
        ["reg:gamma"] = new(MarginLink.Log, OutputTransform.Exp),
        ["reg:tweedie"] = new(MarginLink.Log, OutputTransform.Exp),
        ["survival:cox"] = new(MarginLink.Log, OutputTransform.Exp),
        ["survival:aft"] = new(MarginLink.Log, OutputTransform.Exp),
        ["multi:softprob"] = new(MarginLink.Identity, OutputTransform.Softmax),
        ["multi:softmax"] = new(MarginLink.Identity, OutputTransform.ArgMax),
        ["rank:pairwise"] = new(MarginLink.Identity, OutputTransform.Identity),
        ["rank:ndcg"] = new(MarginLink.Identity, OutputTransform.Identity),
        ["rank:map"] = new(MarginLink.Identity, OutputTransform.Identity),

        // 0.90's GPU objective names no longer exist in 1.7; they predict like their CPU twins.
        ["gpu:reg:linear"] = new(MarginLink.Identity, OutputTransform.Identity),
        ["gpu:reg:logistic"] = new(MarginLink.Logit, OutputTransform.Sigmoid),
        ["gpu:binary:logistic"] = new(MarginLink.Logit, OutputTransform.Sigmoid),
        ["gpu:binary:logitraw"] = new(MarginLink.Identity, OutputTransform.Identity),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static ObjectiveSpec Resolve(string objective) =>
        Specs.TryGetValue(objective, out var spec)
            ? spec
            : throw new ModelFormatException(
                $"unsupported objective '{objective}'; supported: {string.Join(", ", Specs.Keys.Order(StringComparer.Ordinal))}");
}
