using Turnout.Runtime.Codecs;
using Turnout.Runtime.Images;

namespace Turnout.Tests.Codecs;

public class ImageReferenceTests
{
    [Theory]
    [InlineData("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-1-cpu-py3", OutputStyle.CommaJoined, true)]
    [InlineData("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-2-cpu-py3", OutputStyle.CommaJoined, true)]
    [InlineData("246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.2-1", OutputStyle.CommaJoined, true)]
    [InlineData("246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.2-2", OutputStyle.LinePerRow, true)]
    [InlineData("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", OutputStyle.LinePerRow, false)]
    [InlineData("811284229777.dkr.ecr.us-east-1.amazonaws.com/xgboost:1", OutputStyle.CommaJoined, true)]
    [InlineData("turnout/xgboost", OutputStyle.LinePerRow, false)]
    [InlineData("turnout/xgboost:latest", OutputStyle.LinePerRow, false)]
    public void TryParse_XGBoostImages_SelectContainerBehaviour(string image, OutputStyle style, bool pickleEra)
    {
        Assert.True(ImageReference.TryParse(image, out var reference, out _));
        Assert.Equal(ImageReference.XGBoostRuntime, reference!.Runtime);
        Assert.Equal(style, reference.OutputStyle);
        Assert.Equal(pickleEra, reference.PickleEra);
    }

    [Theory]
    [InlineData("763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.0-cpu")]
    [InlineData("my-registry/sklearn:1")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_OtherImages_RefusedWithReason(string? image)
    {
        Assert.False(ImageReference.TryParse(image, out _, out var error));
        Assert.Contains("turnout/xgboost", error, StringComparison.Ordinal);
    }
}
