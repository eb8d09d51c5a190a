namespace Turnout.Models;

/// <summary>
/// A model artifact could not be fetched, unpacked or understood. The message is shown to users as an
/// endpoint's FailureReason, so it must say what was wrong and what to do about it.
/// </summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string message) : base(message) { }
    public ModelLoadException(string message, Exception inner) : base(message, inner) { }
}
