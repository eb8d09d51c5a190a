using Turnout.Runtime.Codecs;

namespace Turnout.Tests.Codecs;

public class MediaTypesTests
{
    [Theory]
    [InlineData("text/csv", PayloadFormat.Csv)]
    [InlineData("TEXT/CSV; charset=utf-8", PayloadFormat.Csv)]
    [InlineData("text/libsvm", PayloadFormat.LibSvm)]
    [InlineData("text/x-libsvm", PayloadFormat.LibSvm)]
    [InlineData(null, PayloadFormat.LibSvm)]
    [InlineData("", PayloadFormat.LibSvm)]
    [InlineData("application/x-recordio-protobuf", PayloadFormat.RecordIOProtobuf)]
    [InlineData("application/json", PayloadFormat.Json)]
    [InlineData("application/jsonlines", PayloadFormat.JsonLines)]
    public void TryGetPayloadFormat_KnownTypes_Mapped(string? contentType, PayloadFormat expected)
    {
        Assert.True(MediaTypes.TryGetPayloadFormat(contentType, out var format, out var error));
        Assert.Null(error);
        Assert.Equal(expected, format);
    }

    [Theory]
    [InlineData("application/x-parquet")]
    [InlineData("image/jpeg")]
    public void TryGetPayloadFormat_Unsupported_415(string contentType)
    {
        Assert.False(MediaTypes.TryGetPayloadFormat(contentType, out _, out var error));
        Assert.Equal(415, error!.StatusCode);
        Assert.Contains(contentType, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, ResponseFormat.Csv)]
    [InlineData("*/*", null, ResponseFormat.Csv)]
    [InlineData("*/*", "application/json", ResponseFormat.Json)]
    [InlineData(null, "application/jsonlines", ResponseFormat.JsonLines)]
    [InlineData("application/json", "text/csv", ResponseFormat.Json)]
    [InlineData("Application/JSON; charset=utf-8", null, ResponseFormat.Json)]
    [InlineData("image/png, application/x-recordio-protobuf;q=0.5", null, ResponseFormat.RecordIOProtobuf)]
    [InlineData("text/*", "application/json", ResponseFormat.Csv)]
    [InlineData("application/jsonlines", null, ResponseFormat.JsonLines)]
    public void TryGetResponseFormat_AcceptAndDefault_Negotiated(string? accept, string? defaultAccept, ResponseFormat expected)
    {
        Assert.True(MediaTypes.TryGetResponseFormat(accept, defaultAccept, out var format, out var error));
        Assert.Null(error);
        Assert.Equal(expected, format);
    }

    [Theory]
    [InlineData("image/png", null)]
    [InlineData("text/plain, application/xml", null)]
    [InlineData("*/*", "application/xml")]
    public void TryGetResponseFormat_Unsupported_406(string accept, string? defaultAccept)
    {
        Assert.False(MediaTypes.TryGetResponseFormat(accept, defaultAccept, out _, out var error));
        Assert.Equal(406, error!.StatusCode);
    }
}
