using Turnout.Runtime.Routing;

namespace Turnout.Runtime.Overload;

/// <summary>
/// Answers an invocation the watchdog timed out, on behalf of the request whose thread is still inside
/// the model. <paramref name="owner"/> is what the request passed when it was admitted.
/// </summary>
public delegate Task TimeoutResponder(object owner, string endpointName, VariantRoute variant, TimeSpan elapsed);
