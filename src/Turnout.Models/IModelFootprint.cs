namespace Turnout.Models;

/// <summary>A predictor that can say, cheaply, roughly how much memory its loaded model takes.</summary>
public interface IModelFootprint
{
    /// <summary>A lower-bound estimate of the loaded model's size in bytes (16 bytes per tree node, 4 per linear weight).</summary>
    long EstimatedBytes { get; }
}
