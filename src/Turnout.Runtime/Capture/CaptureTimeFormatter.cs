using System.Globalization;

namespace Turnout.Runtime.Capture;

/// <summary>
/// Formats SageMaker's <c>inferenceTime</c> (<c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, UTC). Records come in time
/// order, so the part up to the seconds is formatted once per second and only the milliseconds per record.
/// One per writer; not thread-safe.
/// </summary>
internal sealed class CaptureTimeFormatter
{
    private readonly byte[] _text = new byte[24];
    private long _second = long.MinValue;

    public ReadOnlySpan<byte> Format(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var second = utc.Ticks / TimeSpan.TicksPerSecond;
        if (second != _second)
        {
            utc.TryFormat(_text, out _, "yyyy-MM-ddTHH:mm:ss.", CultureInfo.InvariantCulture);
            _second = second;
        }

        var millisecond = utc.Millisecond;
        _text[20] = (byte)('0' + (millisecond / 100));
        _text[21] = (byte)('0' + (millisecond / 10 % 10));
        _text[22] = (byte)('0' + (millisecond % 10));
        _text[23] = (byte)'Z';
        return _text;
    }
}
