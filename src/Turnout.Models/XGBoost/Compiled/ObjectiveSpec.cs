namespace Turnout.Models.XGBoost.Compiled;

/// <summary>What prediction needs to know about an objective.</summary>
internal readonly record struct ObjectiveSpec(MarginLink Link, OutputTransform Transform);
