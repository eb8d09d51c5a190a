namespace Turnout.Analysis.Quality;

/// <summary>Regression quality of one variant, as scikit-learn defines each metric.</summary>
public sealed record RegressionQuality(int Count, double Mae, double Rmse, double R2, double Mape);
