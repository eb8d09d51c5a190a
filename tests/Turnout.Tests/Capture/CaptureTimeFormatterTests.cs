using Turnout.Runtime.Capture;

namespace Turnout.Tests.Capture;

public sealed class CaptureTimeFormatterTests
{
    [Fact]
    public void Format_EqualsTheCustomFormat_AcrossSecondsAndHours()
    {
        var formatter = new CaptureTimeFormatter();
        var start = new DateTimeOffset(2026, 12, 31, 23, 59, 58, TimeSpan.FromHours(2)).AddTicks(9_999);
        for (var step = 0; step < 5_000; step++)
        {
            var time = start.AddTicks(step * 7_919L * 10);
            var expected = time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(formatter.Format(time)));
        }
    }
}
