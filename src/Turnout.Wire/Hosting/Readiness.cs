namespace Turnout.Wire.Hosting;

/// <summary>Set once stored endpoints are back in service; <c>GET /ping</c> answers 200 only from then on.</summary>
public sealed class Readiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
