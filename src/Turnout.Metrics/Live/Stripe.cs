namespace Turnout.Metrics.Live;

/// <summary>One core's slot of a variant: the minute its writers record into. Roll and detach take <see cref="Gate"/>.</summary>
internal sealed class Stripe
{
    public readonly Lock Gate = new();
    public LiveMinute? Current;
}
