namespace Turnout.Analysis.Comparison;

/// <summary>Metric names as they appear in reports and JSON.</summary>
public static class MetricNames
{
    public const string Accuracy = "accuracy";
    public const string Precision = "precision";
    public const string Recall = "recall";
    public const string F1 = "f1";
    public const string Specificity = "specificity";
    public const string RocAuc = "roc_auc";
    public const string PrAuc = "pr_auc";
    public const string LogLoss = "log_loss";
    public const string Brier = "brier";
    public const string Mae = "mae";
    public const string Rmse = "rmse";
    public const string R2 = "r2";
    public const string Mape = "mape";
    public const string MacroF1 = "macro_f1";
    public const string WeightedF1 = "weighted_f1";

    private static readonly Dictionary<string, MetricInfo> Known = new MetricInfo[]
    {
        new(Accuracy, "accuracy", true, false),
        new(Precision, "precision", true, false),
        new(Recall, "recall", true, false),
        new(F1, "F1", true, false),
        new(Specificity, "specificity", true, false),
        new(RocAuc, "ROC AUC", true, false),
        new(PrAuc, "PR AUC", true, false),
        new(LogLoss, "log loss", false, true),
        new(Brier, "Brier score", false, true),
        new(Mae, "MAE", false, true),
        new(Rmse, "RMSE", false, true),
        new(R2, "R²", true, false),
        new(Mape, "MAPE", false, true),
        new(MacroF1, "macro F1", true, false),
        new(WeightedF1, "weighted F1", true, false),
    }.ToDictionary(m => m.Name);

    public static MetricInfo Info(string name) =>
        Known.TryGetValue(name, out var info) ? info : throw new ArgumentException($"Unknown metric '{name}'.", nameof(name));

    public static IReadOnlyList<string> For(ProblemKind kind) => kind switch
    {
        ProblemKind.Binary => [Accuracy, Precision, Recall, F1, Specificity, RocAuc, PrAuc, LogLoss, Brier],
        ProblemKind.Regression => [Mae, Rmse, R2, Mape],
        _ => [Accuracy, MacroF1, WeightedF1],
    };

    public static string DefaultPrimary(ProblemKind kind) => kind switch
    {
        ProblemKind.Binary => RocAuc,
        ProblemKind.Regression => Rmse,
        _ => Accuracy,
    };
}
