namespace Turnout.Models.XGBoost.Compiled;

/// <summary>Turns one row's margins into its outputs.</summary>
internal static class OutputWriter
{
    public static void Write(OutputTransform transform, Span<float> margins, Span<float> output)
    {
        switch (transform)
        {
            case OutputTransform.Softmax:
                XGBoostMath.Softmax(margins);
                margins.CopyTo(output);
                break;
            case OutputTransform.ArgMax:
                output[0] = XGBoostMath.ArgMax(margins);
                break;
            default:
                for (int g = 0; g < margins.Length; g++)
                {
                    output[g] = XGBoostMath.TransformScalar(transform, margins[g]);
                }

                break;
        }
    }

    public static int OutputCount(OutputTransform transform, int groups) =>
        transform == OutputTransform.ArgMax ? 1 : groups;
}
