namespace Turnout.Analysis.Quality;

/// <summary>Multi-class quality of one variant.</summary>
public sealed record MulticlassQuality(int Count, double Accuracy, double MacroF1, double WeightedF1, long Correct);
