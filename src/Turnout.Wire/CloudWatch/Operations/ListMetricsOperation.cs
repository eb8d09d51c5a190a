using Turnout.Metrics;
using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>ListMetrics over the in-memory <see cref="MetricsHub"/>, 500 metrics per page as CloudWatch pages.</summary>
internal sealed class ListMetricsOperation(MetricsHub hub, TimeProvider time) : ICloudWatchOperation
{
    public const int PageSize = 500;

    public string Name => "ListMetrics";

    public WireObject Invoke(WireInput input) => ToWire(Execute(Bind(input)));

    public static ListMetricsRequest Bind(WireInput input)
    {
        var ns = input.GetString("Namespace", minLength: 1, maxLength: 255);
        var name = input.GetString("MetricName", minLength: 1, maxLength: 255);
        var filters = new List<DimensionFilter>();
        foreach (var d in input.GetStructureList("Dimensions", maxCount: 10))
        {
            filters.Add(new DimensionFilter(
                d.GetString("Name", required: true, minLength: 1, maxLength: 255)!,
                d.GetString("Value", minLength: 1, maxLength: 1024)));
        }

        var recently = input.GetString("RecentlyActive");
        if (recently is not null && recently != "PT3H")
        {
            throw CloudWatchException.Invalid("The parameter RecentlyActive must be PT3H.");
        }

        var offset = PageToken.Decode(input.GetString("NextToken"));
        return new ListMetricsRequest(ns, name, filters, recently is not null, offset);
    }

    public ListMetricsResult Execute(ListMetricsRequest request)
    {
        DateTimeOffset? since = request.RecentlyActive ? time.GetUtcNow().AddHours(-3) : null;
        var all = hub.ListMetrics(request.Namespace, request.MetricName, request.Dimensions, since);
        if (request.Offset > all.Count)
        {
            throw new CloudWatchException(CloudWatchErrors.InvalidNextToken, "The service returned an invalid NextToken.");
        }

        var count = Math.Min(PageSize, all.Count - request.Offset);
        var page = all.Skip(request.Offset).Take(count).ToList();
        var next = request.Offset + count < all.Count ? PageToken.Encode(request.Offset + count) : null;
        return new ListMetricsResult(page, next);
    }

    public static WireObject ToWire(ListMetricsResult result)
    {
        var metrics = new List<object>(result.Metrics.Count);
        foreach (var m in result.Metrics)
        {
            var dims = new List<object>(m.Dimensions.Count);
            foreach (var d in m.Dimensions)
            {
                dims.Add(new WireObject().Add("Name", d.Name).Add("Value", d.Value));
            }

            metrics.Add(new WireObject().Add("Namespace", m.Namespace).Add("MetricName", m.MetricName).Add("Dimensions", dims));
        }

        return new WireObject().Add("Metrics", metrics).Add("NextToken", result.NextToken);
    }
}
