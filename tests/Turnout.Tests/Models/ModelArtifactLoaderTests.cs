using System.Formats.Tar;
using System.Net;
using Turnout.Models;
using Turnout.Models.Artifacts;

namespace Turnout.Tests.Models;

public sealed class ModelArtifactLoaderTests : IDisposable
{
    private readonly string _temp = System.IO.Directory.CreateTempSubdirectory("turnout-artifacts-").FullName;

    private string Work => Path.Combine(_temp, "work");

    [Fact]
    public async Task LoadXGBoostAsync_TarGzAbsolutePath_Loads()
    {
        var predictor = await Loader().LoadXGBoostAsync(RepoPaths.ChurnModel(1), CancellationToken.None);

        Assert.Equal(69, predictor.FeatureCount);
        Assert.Empty(System.IO.Directory.GetDirectories(Path.Combine(Work, "unpacked")));
    }

    [Fact]
    public async Task LoadXGBoostAsync_RawModelFileViaFileUrl_Loads()
    {
        string path = Path.Combine(_temp, "model.pkl");
        File.WriteAllBytes(path, TestArchives.ChurnModelBytes());

        var predictor = await Loader().LoadXGBoostAsync(new Uri(path).AbsoluteUri, CancellationToken.None);

        Assert.Equal("binary:logistic", predictor.Objective);
    }

    [Fact]
    public async Task LoadXGBoostAsync_DirectoryUrl_PicksXGBoostModelFile()
    {
        string dir = Path.Combine(_temp, "modeldir");
        System.IO.Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "aaa-readme.txt"), "not a model");
        File.WriteAllBytes(Path.Combine(dir, "xgboost-model"), TestArchives.ChurnModelBytes());

        var predictor = await Loader().LoadXGBoostAsync("file://" + dir, CancellationToken.None);

        Assert.Equal(69, predictor.FeatureCount);
    }

    [Fact]
    public async Task LoadXGBoostAsync_ArchiveWithoutXGBoostModel_UsesFirstNonDotFile()
    {
        string path = Path.Combine(_temp, "renamed.tar.gz");
        TestArchives.Write(path, gzip: true,
            TestArchives.File(".hidden", "junk"u8.ToArray()),
            TestArchives.File("b-model", TestArchives.ChurnModelBytes()),
            TestArchives.File("sub/a-model", "not at top level"u8.ToArray()));

        var predictor = await Loader().LoadXGBoostAsync(path, CancellationToken.None);

        Assert.Equal(69, predictor.FeatureCount);
    }

    [Fact]
    public async Task LoadXGBoostAsync_UncompressedTarNamedLikeModel_DetectedByContent()
    {
        string path = Path.Combine(_temp, "xgboost-model.bin");
        TestArchives.Write(path, gzip: false, TestArchives.File("./xgboost-model", TestArchives.ChurnModelBytes()));

        var predictor = await Loader().LoadXGBoostAsync(path, CancellationToken.None);

        Assert.Equal(69, predictor.FeatureCount);
    }

    [Fact]
    public async Task LoadXGBoostAsync_S3UrlUnderS3Root_Loads()
    {
        string root = Path.Combine(_temp, "s3");
        string target = Path.Combine(root, "my-bucket", "models", "churn", "model.tar.gz");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(RepoPaths.ChurnModel(2), target);

        var predictor = await Loader(root).LoadXGBoostAsync("s3://my-bucket/models/churn/model.tar.gz", CancellationToken.None);

        Assert.Equal(69, predictor.FeatureCount);
    }

    [Fact]
    public async Task LoadXGBoostAsync_S3WithoutS3Root_ExplainsFlag()
    {
        var e = await Assert.ThrowsAsync<ModelLoadException>(() => Loader().LoadXGBoostAsync("s3://b/k", CancellationToken.None));

        Assert.Contains("--s3-root", e.Message, StringComparison.Ordinal);
        Assert.Contains("s3://b/k", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadXGBoostAsync_S3KeyMissing_NamesExpectedPath()
    {
        string root = Path.Combine(_temp, "s3");
        System.IO.Directory.CreateDirectory(root);

        var e = await Assert.ThrowsAsync<ModelLoadException>(() => Loader(root).LoadXGBoostAsync("s3://b/k/model.tar.gz", CancellationToken.None));

        Assert.Equal($"model artifact s3://b/k/model.tar.gz not found under --s3-root {root}: expected file {Path.Combine(root, "b", "k", "model.tar.gz")}", e.Message);
    }

    [Fact]
    public async Task LoadXGBoostAsync_S3KeyEscapesRoot_Refused()
    {
        string root = Path.Combine(_temp, "s3");
        System.IO.Directory.CreateDirectory(root);

        var e = await Assert.ThrowsAsync<ModelLoadException>(() => Loader(root).LoadXGBoostAsync("s3://b/../../etc/passwd", CancellationToken.None));

        Assert.Contains("escapes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadXGBoostAsync_MissingFile_NamesPath()
    {
        string path = Path.Combine(_temp, "nope", "model.tar.gz");

        var e = await Assert.ThrowsAsync<ModelLoadException>(() => Loader().LoadXGBoostAsync("file://" + path, CancellationToken.None));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadXGBoostAsync_RelativePath_Refused()
    {
        var e = await Assert.ThrowsAsync<ModelLoadException>(() => Loader().LoadXGBoostAsync("models/model.tar.gz", CancellationToken.None));

        Assert.Contains("absolute path", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/../../evil")]
    [InlineData("/etc/evil")]
    public async Task LoadXGBoostAsync_TarPathTraversal_Refused(string entryName)
    {
        string path = Path.Combine(_temp, "evil.tar.gz");
        TestArchives.Write(path, gzip: true,
            TestArchives.File("xgboost-model", TestArchives.ChurnModelBytes()),
            TestArchives.File(entryName, "pwned"u8.ToArray()));

        var e = await Assert.ThrowsAsync<ModelLoadException>(() => Loader().LoadXGBoostAsync(path, CancellationToken.None));

        Assert.Contains("refusing archive entry", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Work, "evil")));
        Assert.False(File.Exists(Path.Combine(_temp, "evil")));
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink)]
    [InlineData(TarEntryType.HardLink)]
    public async Task LoadXGBoostAsync_TarWithLink_Refused(TarEntryType type)
    {
        string path = Path.Combine(_temp, "link.tar.gz");
        TestArchives.Write(path, gzip: true, TestArchives.Link("xgboost-model", "/etc/passwd", type));

        var e = await Assert.ThrowsAsync<ModelLoadException>(() => Loader().LoadXGBoostAsync(path, CancellationToken.None));

        Assert.Contains("links are not allowed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadXGBoostAsync_ArchiveOverSizeLimit_Refused()
    {
        string path = Path.Combine(_temp, "big.tar.gz");
        TestArchives.Write(path, gzip: true, TestArchives.File("xgboost-model", new byte[1 << 20]));
        var loader = new ModelArtifactLoader(new ArtifactOptions { WorkDirectory = Work, MaxArtifactBytes = 1000 });

        var e = await Assert.ThrowsAsync<ModelLoadException>(() => loader.LoadXGBoostAsync(path, CancellationToken.None));

        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadXGBoostAsync_TooManyEntries_Refused()
    {
        string path = Path.Combine(_temp, "many.tar.gz");
        TestArchives.Write(path, gzip: true, Enumerable.Range(0, 20).Select(i => TestArchives.File($"f{i}", [1])).ToArray());
        var loader = new ModelArtifactLoader(new ArtifactOptions { WorkDirectory = Work, MaxArchiveEntries = 10 });

        var e = await Assert.ThrowsAsync<ModelLoadException>(() => loader.LoadXGBoostAsync(path, CancellationToken.None));

        Assert.Contains("more than 10 entries", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadXGBoostAsync_CorruptGzip_ExplainsArchive()
    {
        string path = Path.Combine(_temp, "corrupt.tar.gz");
        var bytes = File.ReadAllBytes(RepoPaths.ChurnModel(1));
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());

        var e = await Assert.ThrowsAsync<ModelLoadException>(() => Loader().LoadXGBoostAsync(path, CancellationToken.None));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadXGBoostAsync_EmptyArchive_SaysNoModelFile()
    {
        string path = Path.Combine(_temp, "empty.tar.gz");
        TestArchives.Write(path, gzip: true, TestArchives.Directory("model/"));

        var e = await Assert.ThrowsAsync<ModelLoadException>(() => Loader().LoadXGBoostAsync(path, CancellationToken.None));

        Assert.Contains("no model file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadXGBoostAsync_Https_DownloadsWithHttpClient()
    {
        var bytes = File.ReadAllBytes(RepoPaths.ChurnModel(1));
        using var http = new HttpClient(new StubHandler(HttpStatusCode.OK, bytes));

        var predictor = await Loader(http: http).LoadXGBoostAsync("https://models.example/churn/model.tar.gz", CancellationToken.None);

        Assert.Equal(69, predictor.FeatureCount);
        Assert.Empty(System.IO.Directory.GetFiles(Path.Combine(Work, "downloads")));
    }

    [Fact]
    public async Task LoadXGBoostAsync_HttpsNotFound_ReportsStatus()
    {
        using var http = new HttpClient(new StubHandler(HttpStatusCode.NotFound, []));

        var e = await Assert.ThrowsAsync<ModelLoadException>(
            () => Loader(http: http).LoadXGBoostAsync("https://models.example/missing.tar.gz", CancellationToken.None));

        Assert.Contains("HTTP 404", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadXGBoostAsync_NotAModel_NamesFileInMessage()
    {
        string path = Path.Combine(_temp, "model.tar.gz");
        TestArchives.Write(path, gzip: true, TestArchives.File("xgboost-model", "hello, I am not a model at all"u8.ToArray()));

        var e = await Assert.ThrowsAsync<ModelLoadException>(() => Loader().LoadXGBoostAsync(path, CancellationToken.None));

        Assert.StartsWith("xgboost-model: not a recognised XGBoost model", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => System.IO.Directory.Delete(_temp, recursive: true);

    private ModelArtifactLoader Loader(string? s3Root = null, HttpClient? http = null) =>
        new(new ArtifactOptions { WorkDirectory = Work, S3Root = s3Root }, http);

    private sealed class StubHandler(HttpStatusCode status, byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new ByteArrayContent(body) });
    }
}
