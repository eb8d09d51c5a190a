using Turnout.Models;
using Turnout.Models.XGBoost;

namespace Turnout.Tests.Models;

/// <summary>
/// Seeded random corruption of real fixtures in every encoding: loading must either throw
/// <see cref="ModelLoadException"/> or produce a predictor that runs on the fixture rows without
/// throwing (validation guarantees traversal stays in range). Nothing else may escape.
/// </summary>
public sealed class CorruptionFuzzTests
{
    public static TheoryData<string, string> Targets() => new()
    {
        { "binary_logistic", "model.bin" },
        { "binary_logistic", "model.json" },
        { "binary_logistic", "model.ubj" },
        { "binary_logistic", "model.p2.pkl" },
        { "binary_logistic", "model.p5.pkl" },
        { "multi_softprob", "model.configoffset.pkl" },
        { "dart_binary_logistic", "model.v10.json" },
        { "categorical_partition", "model.ubj" },
        { "gblinear_softprob", "model.bin" },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void Load_RandomlyCorruptedModel_FailsCleanlyOrPredicts(string caseName, string file)
    {
        var fixture = FixtureCase.All.Single(c => c.Name == caseName);
        byte[] original = fixture.ReadModel(file);
        var input = fixture.Input;
        var random = new Random(HashCode.Combine(caseName.Length, file.Length, 12345));
        for (int iteration = 0; iteration < 300; iteration++)
        {
            byte[] mutated = Mutate(original, random);
            IPredictor predictor;
            try
            {
                predictor = XGBoostModelLoader.Load(mutated, file);
            }
            catch (ModelLoadException)
            {
                continue;
            }

            // A mutation may still be a valid model of another shape; it must predict without throwing.
            if (predictor.FeatureCount == input.Columns && predictor.OutputCount <= 1024)
            {
                predictor.Predict(input.Values, input.Rows, new float[input.Rows * predictor.OutputCount]);
            }
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] copy = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (int i = random.Next(1, 8); i > 0; i--)
                {
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                }

                return copy;
            case 1:
                return copy.AsSpan(0, random.Next(copy.Length)).ToArray();
            case 2:
                // Plausible-looking length fields: a random 4-byte little-endian int.
                int at = random.Next(copy.Length - 4);
                BitConverter.TryWriteBytes(copy.AsSpan(at), random.Next(-2, 1 << random.Next(31)));
                return copy;
            default:
                int bit = random.Next(copy.Length * 8);
                copy[bit / 8] ^= (byte)(1 << (bit % 8));
                return copy;
        }
    }
}
