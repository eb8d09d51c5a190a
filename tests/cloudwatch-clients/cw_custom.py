#!/usr/bin/env python3
"""Exercises Turnout's custom-metric surface with a stock boto3 CloudWatch client and prints one JSON report.

PutMetricData (Value, StatisticValues, Values/Counts, high resolution, a 1,000-datum call big enough for
botocore >= 1.32 to gzip), GetMetricStatistics with ExtendedStatistics, GetMetricData with metric math,
Label/ReturnData/ScanBy and MaxDatapoints pagination, and ListMetrics with filters and the paginator.
Used by tests/Turnout.Tests/CloudWatch/CustomMetricsClientTests.cs with Debian's boto3 1.26 (query) and
pyenv's boto3 1.43 (awsJson1_0 by default; --protocol smithy-rpc-v2-cbor forces CBOR).
"""
import argparse
import datetime
import json
import math
import sys

import boto3
import botocore
import botocore.model
from botocore.exceptions import ClientError

UTC = datetime.timezone.utc
T0 = datetime.datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC)


def minute(n, second=0):
    return T0 + datetime.timedelta(minutes=n, seconds=second)


def nearest_rank(values, p):
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[rank - 1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--namespace", required=True)
    parser.add_argument("--protocol")
    args = parser.parse_args()
    if args.protocol:
        forced = args.protocol
        botocore.model.ServiceModel.resolved_protocol = property(lambda self: forced)

    cw = boto3.client("cloudwatch", endpoint_url=args.endpoint_url)
    ns = args.namespace
    report = {"botocore": botocore.__version__}
    dims_a = [{"Name": "Variant", "Value": "A"}]
    dims_b = [{"Name": "Variant", "Value": "B"}]

    # Conversions per variant: A converts 3,5,2 times in minutes 0..2, B 1,1,4.
    data = []
    for i, n in enumerate([3, 5, 2]):
        data += [{"MetricName": "Conversions", "Dimensions": dims_a, "Timestamp": minute(i, 10 + k), "Value": 1.0, "Unit": "Count"} for k in range(n)]
    for i, n in enumerate([1, 1, 4]):
        data += [{"MetricName": "Conversions", "Dimensions": dims_b, "Timestamp": minute(i, 10 + k), "Value": 1.0, "Unit": "Count"} for k in range(n)]
    data.append({"MetricName": "Batch", "Dimensions": dims_a, "Timestamp": minute(0, 5), "Unit": "Seconds",
                 "StatisticValues": {"SampleCount": 10, "Sum": 55.5, "Minimum": 1, "Maximum": 10}})
    data += [{"MetricName": "Clicks", "Dimensions": dims_a, "Timestamp": minute(0, s), "Value": float(s), "StorageResolution": 1}
             for s in (1, 2, 2, 7)]
    cw.put_metric_data(Namespace=ns, MetricData=data)

    # A known latency distribution: 1..1000 ms, as Values/Counts (150 values per datum at most).
    latencies = list(range(1, 1001))
    chunks = [latencies[i:i + 150] for i in range(0, len(latencies), 150)]
    cw.put_metric_data(Namespace=ns, MetricData=[
        {"MetricName": "Latency", "Dimensions": dims_a, "Timestamp": minute(1, 30), "Unit": "Milliseconds",
         "Values": [float(v) for v in chunk], "Counts": [1.0] * len(chunk)} for chunk in chunks])

    # 1,000 datums in one call: over botocore's 10 KiB compression threshold.
    bulk = [{"MetricName": "Bulk", "Dimensions": dims_b, "Timestamp": minute(2, 1), "Value": float(i % 7)} for i in range(1000)]
    cw.put_metric_data(Namespace=ns, MetricData=bulk)
    report["bulk_expected_sum"] = float(sum(i % 7 for i in range(1000)))

    def stats(name, dims, statistics=None, extended=None, period=60, unit=None):
        kwargs = dict(Namespace=ns, MetricName=name, Dimensions=dims, StartTime=minute(0), EndTime=minute(10), Period=period)
        if statistics:
            kwargs["Statistics"] = statistics
        if extended:
            kwargs["ExtendedStatistics"] = extended
        if unit:
            kwargs["Unit"] = unit
        out = cw.get_metric_statistics(**kwargs)
        return sorted(out["Datapoints"], key=lambda d: d["Timestamp"])

    conv = stats("Conversions", dims_a, ["Sum", "SampleCount"])
    report["conversions_a"] = [[d["Timestamp"].astimezone(UTC).isoformat(), d["Sum"], d["SampleCount"], d["Unit"]] for d in conv]
    batch = stats("Batch", dims_a, ["Sum", "SampleCount", "Minimum", "Maximum", "Average"])
    report["batch"] = [[d["SampleCount"], d["Sum"], d["Minimum"], d["Maximum"], d["Average"]] for d in batch]
    batch_p = stats("Batch", dims_a, extended=["p50"])
    report["batch_p50_present"] = any("p50" in d.get("ExtendedStatistics", {}) for d in batch_p)
    bulk_sum = stats("Bulk", dims_b, ["Sum", "SampleCount"])
    report["bulk"] = [[d["Sum"], d["SampleCount"]] for d in bulk_sum]

    wanted = ["p50", "p90", "p99", "p99.9", "p12.34"]
    lat = stats("Latency", dims_a, extended=wanted, period=300)
    report["latency_percentiles"] = {p: [lat[0]["ExtendedStatistics"][p], nearest_rank(latencies, float(p[1:]))] for p in wanted}
    report["latency_unit"] = lat[0]["Unit"]
    lat_stats = stats("Latency", dims_a, ["SampleCount", "Sum", "Minimum", "Maximum"], period=300)
    report["latency_stats"] = [lat_stats[0]["SampleCount"], lat_stats[0]["Sum"], lat_stats[0]["Minimum"], lat_stats[0]["Maximum"]]
    report["latency_wrong_unit"] = len(stats("Latency", dims_a, ["Sum"], period=300, unit="Seconds"))

    clicks = cw.get_metric_statistics(Namespace=ns, MetricName="Clicks", Dimensions=dims_a, StartTime=minute(0),
                                      EndTime=minute(0, 10), Period=1, Statistics=["Sum", "SampleCount"])
    report["clicks_1s"] = sorted([[d["Timestamp"].astimezone(UTC).second, d["Sum"], d["SampleCount"]] for d in clicks["Datapoints"]])

    def metric(name, dims, stat="Sum"):
        return {"Metric": {"Namespace": ns, "MetricName": name, "Dimensions": dims}, "Period": 60, "Stat": stat}

    queries = [
        {"Id": "a", "MetricStat": metric("Conversions", dims_a), "ReturnData": False},
        {"Id": "b", "MetricStat": metric("Conversions", dims_b), "Label": "B conversions"},
        {"Id": "ratio", "Expression": "a / b", "Label": "A per B"},
        {"Id": "total", "Expression": "SUM(METRICS())"},
        {"Id": "avg", "Expression": "AVG(METRICS())"},
        {"Id": "rate", "Expression": "RATE(a)"},
        {"Id": "filled", "Expression": "FILL(a, 0)"},
        {"Id": "p99", "MetricStat": metric("Latency", dims_a, "p99")},
    ]
    pages = list(cw.get_paginator("get_metric_data").paginate(
        MetricDataQueries=queries, StartTime=minute(0), EndTime=minute(5), ScanBy="TimestampAscending",
        PaginationConfig={"PageSize": 2}))
    merged = {}
    for page in pages:
        for r in page["MetricDataResults"]:
            entry = merged.setdefault(r["Id"], {"label": r["Label"], "points": [], "status": []})
            entry["points"] += [[t.astimezone(UTC).isoformat(), v] for t, v in zip(r["Timestamps"], r["Values"])]
            entry["status"].append(r["StatusCode"])
    report["metric_data"] = merged
    report["metric_data_pages"] = len(pages)
    one = cw.get_metric_data(MetricDataQueries=queries[:2], StartTime=minute(0), EndTime=minute(5))
    report["descending_b"] = [t.astimezone(UTC).isoformat() for t in one["MetricDataResults"][0]["Timestamps"]]

    listed = []
    for page in cw.get_paginator("list_metrics").paginate(Namespace=ns):
        listed += [[m["MetricName"], sorted((d["Name"], d["Value"]) for d in m["Dimensions"])] for m in page["Metrics"]]
    report["list_all"] = sorted(listed)
    filtered = cw.list_metrics(Namespace=ns, MetricName="Conversions", Dimensions=[{"Name": "Variant", "Value": "B"}])
    report["list_filtered"] = [[m["MetricName"], m["Dimensions"]] for m in filtered["Metrics"]]
    report["list_recent"] = len(cw.list_metrics(Namespace=ns, RecentlyActive="PT3H")["Metrics"])

    try:
        cw.put_metric_data(Namespace="AWS/Nope", MetricData=[{"MetricName": "X", "Value": 1.0}])
        report["reserved_namespace_error"] = None
    except ClientError as e:
        report["reserved_namespace_error"] = e.response["Error"]["Code"]
    try:
        cw.get_metric_data(MetricDataQueries=[{"Id": "e", "Expression": "SUM(nothing"}], StartTime=minute(0), EndTime=minute(5))
        report["bad_expression_error"] = None
    except ClientError as e:
        report["bad_expression_error"] = e.response["Error"]["Code"]

    json.dump(report, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
