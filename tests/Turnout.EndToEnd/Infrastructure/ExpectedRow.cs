namespace Turnout.EndToEnd.Infrastructure;

internal sealed record ExpectedRow(int Line, double Variant1, double Variant2, string Features)
{
    public double For(string variant) => variant switch
    {
        "Variant1" => Variant1,
        "Variant2" => Variant2,
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "not a notebook variant"),
    };
}
