using System.Net;
using System.Text;
using Turnout.Tests.Support;

namespace Turnout.Tests.Wire;

public class RestartTests
{
    [Fact]
    public async Task Restart_SameDataDirectory_EndpointBackInServiceWithSameState()
    {
        string dataDirectory;
        await using (var first = await InProcessServer.StartAsync())
        {
            dataDirectory = first.DataDirectory;
            await ChurnEndpoint.CreateAsync(first, "churn", weight1: 1, weight2: 3, instances: 2);
            var update = await first.SageMakerAsync("UpdateEndpointWeightsAndCapacities", new
            {
                EndpointName = "churn",
                DesiredWeightsAndCapacities = new object[] { new { VariantName = "Variant1", DesiredWeight = 25f, DesiredInstanceCount = 3 } },
            });
            Assert.Equal(200, update.Status);
            Assert.Equal("InService", await ChurnEndpoint.WaitForStatusAsync(first, "churn", "Updating"));
        }

        await using var second = await InProcessServer.StartAsync(dataDirectory);
        // Ready (/ping 200) means recovery finished: no client call brought the endpoint back.
        var described = (await second.SageMakerAsync("DescribeEndpoint", new { EndpointName = "churn" })).Body;
        Assert.Equal("InService", described.GetProperty("EndpointStatus").GetString());
        var variants = described.GetProperty("ProductionVariants").EnumerateArray().ToDictionary(v => v.GetProperty("VariantName").GetString()!);
        Assert.Equal(25, variants["Variant1"].GetProperty("CurrentWeight").GetDouble());
        Assert.Equal(3, variants["Variant1"].GetProperty("CurrentInstanceCount").GetInt32());
        Assert.Equal(3, variants["Variant2"].GetProperty("CurrentWeight").GetDouble());
        Assert.Equal(2, variants["Variant2"].GetProperty("CurrentInstanceCount").GetInt32());

        using var response = await second.Client.PostAsync("/endpoints/churn/invocations", new StringContent(ChurnEndpoint.Rows[0], Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Restart_ModelAndConfigDeleted_EndpointStillRecovers()
    {
        string dataDirectory;
        await using (var first = await InProcessServer.StartAsync())
        {
            dataDirectory = first.DataDirectory;
            await ChurnEndpoint.CreateAsync(first, "churn");
            Assert.Equal(200, (await first.SageMakerAsync("DeleteEndpointConfig", new { EndpointConfigName = "churn" })).Status);
            Assert.Equal(200, (await first.SageMakerAsync("DeleteModel", new { ModelName = "churn-m1" })).Status);
        }

        await using var second = await InProcessServer.StartAsync(dataDirectory);
        Assert.Equal("InService", (await second.SageMakerAsync("DescribeEndpoint", new { EndpointName = "churn" })).Body.GetProperty("EndpointStatus").GetString());
    }
}
