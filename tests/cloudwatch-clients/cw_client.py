#!/usr/bin/env python3
"""Reads Turnout's AWS/SageMaker metrics with a stock boto3 CloudWatch client and prints one JSON report.

Used by tests/Turnout.Tests/CloudWatch/RealClientTests.cs with Debian's boto3 1.26 (query protocol) and
pyenv's boto3 1.43 (awsJson1_0 by default; --protocol smithy-rpc-v2-cbor forces botocore's CBOR codec).
Credentials and region come from the environment (AWS_ACCESS_KEY_ID etc.).
"""
import argparse
import datetime
import json
import sys

import boto3
import botocore
import botocore.model
from botocore.exceptions import ClientError

NS = "AWS/SageMaker"


def parse_time(text):
    value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--endpoint-name", required=True)
    parser.add_argument("--variants", required=True, help="comma-separated variant names")
    parser.add_argument("--start", required=True)
    parser.add_argument("--end", required=True)
    parser.add_argument("--protocol", help="force botocore's wire protocol for cloudwatch (botocore >= 1.42.7)")
    args = parser.parse_args()

    if args.protocol:
        forced = args.protocol
        # resolved_protocol is botocore's choice among the model's "protocols"; pinning it exercises that codec.
        botocore.model.ServiceModel.resolved_protocol = property(lambda self: forced)

    cw = boto3.client("cloudwatch", endpoint_url=args.endpoint_url)
    model = cw.meta.service_model
    report = {
        "botocore": botocore.__version__,
        "protocol": getattr(model, "resolved_protocol", model.protocol),
        "variants": {},
    }
    start, end = parse_time(args.start), parse_time(args.end)

    for variant in args.variants.split(","):
        dims = [{"Name": "EndpointName", "Value": args.endpoint_name}, {"Name": "VariantName", "Value": variant}]

        def stats(metric, statistics):
            return cw.get_metric_statistics(
                Namespace=NS, MetricName=metric, Dimensions=dims, StartTime=start, EndTime=end,
                Period=60, Statistics=statistics)

        inv = stats("Invocations", ["Sum"])
        # What the A/B notebook does with the result: every datapoint needs Timestamp, Sum and Unit.
        for d in inv["Datapoints"]:
            assert isinstance(d["Timestamp"], datetime.datetime), d
            assert d["Unit"] == "None", d
        errors = stats("Invocation4XXErrors", ["Sum", "Average", "SampleCount"])
        latency = stats("ModelLatency", ["SampleCount", "Sum", "Minimum", "Maximum", "Average"])
        data = cw.get_metric_data(
            MetricDataQueries=[{
                "Id": "inv",
                "MetricStat": {"Metric": {"Namespace": NS, "MetricName": "Invocations", "Dimensions": dims},
                               "Period": 60, "Stat": "Sum"},
            }],
            StartTime=start, EndTime=end, ScanBy="TimestampAscending")
        report["variants"][variant] = {
            "label": inv["Label"],
            "request_id": inv["ResponseMetadata"].get("RequestId"),
            "invocations_sum": sum(d["Sum"] for d in inv["Datapoints"]),
            "invocations_datapoints": [
                {"t": d["Timestamp"].astimezone(datetime.timezone.utc).isoformat(), "sum": d["Sum"]}
                for d in sorted(inv["Datapoints"], key=lambda d: d["Timestamp"])],
            "errors4xx_sum": sum(d["Sum"] for d in errors["Datapoints"]),
            "errors4xx_samples": sum(d["SampleCount"] for d in errors["Datapoints"]),
            "latency_samples": sum(d["SampleCount"] for d in latency["Datapoints"]),
            "latency_sum": sum(d["Sum"] for d in latency["Datapoints"]),
            "latency_min": min((d["Minimum"] for d in latency["Datapoints"]), default=None),
            "latency_max": max((d["Maximum"] for d in latency["Datapoints"]), default=None),
            "latency_units": sorted({d["Unit"] for d in latency["Datapoints"]}),
            "metric_data_sum": sum(sum(r["Values"]) for r in data["MetricDataResults"]),
            "metric_data_status": [r["StatusCode"] for r in data["MetricDataResults"]],
        }

    listed = []
    for page in cw.get_paginator("list_metrics").paginate(
            Namespace=NS, Dimensions=[{"Name": "EndpointName", "Value": args.endpoint_name}]):
        for m in page["Metrics"]:
            listed.append({"name": m["MetricName"], "dims": {d["Name"]: d["Value"] for d in m["Dimensions"]}})
    report["list_metrics"] = listed

    try:
        cw.get_metric_statistics(
            Namespace=NS, MetricName="Invocations", StartTime=start, EndTime=end, Period=7, Statistics=["Sum"])
        report["bad_period_error"] = None
    except ClientError as e:
        report["bad_period_error"] = {
            "code": e.response["Error"]["Code"],
            "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
        }

    json.dump(report, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
