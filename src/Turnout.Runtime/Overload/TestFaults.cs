using Turnout.Models;

namespace Turnout.Runtime.Overload;

/// <summary>
/// TEST ONLY. When the server process runs with <c>TURNOUT_TEST_FAULTS=1</c>, every compiled model is wrapped
/// so that a request whose first feature is a sentinel makes the real model path fail: <c>-7777</c> throws,
/// <c>-8888</c> blocks the predicting thread for (second feature) seconds, as a stuck model would. Any other
/// input, including the warm-up row, predicts normally. Without the variable nothing is wrapped, so a
/// production server cannot be made to misbehave this way; the variable is read when a model is deployed.
/// </summary>
public static class TestFaults
{
    public const string Variable = "TURNOUT_TEST_FAULTS";
    public const float ThrowSentinel = -7777f;
    public const float HangSentinel = -8888f;

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";

    public static IPredictor Wrap(IPredictor predictor) => Enabled ? new FaultingPredictor(predictor) : predictor;

    private sealed class FaultingPredictor(IPredictor inner) : IPredictor
    {
        public int FeatureCount => inner.FeatureCount;
        public int OutputCount => inner.OutputCount;
        public string Objective => inner.Objective;

        public void Predict(ReadOnlySpan<float> features, int rowCount, Span<float> output)
        {
            if (rowCount > 0 && features.Length > 0)
            {
                if (features[0] == ThrowSentinel)
                {
                    throw new InvalidOperationException("test fault: the model threw (TURNOUT_TEST_FAULTS)");
                }

                if (features[0] == HangSentinel)
                {
                    var seconds = features.Length > 1 && float.IsFinite(features[1]) ? Math.Clamp(features[1], 0, 3600) : 3600;
                    Thread.Sleep(TimeSpan.FromSeconds(seconds));
                }
            }

            inner.Predict(features, rowCount, output);
        }
    }
}
