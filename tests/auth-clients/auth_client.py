#!/usr/bin/env python3
"""Signs real requests to Turnout with stock boto3 and reports what each scenario got, as one JSON object.

Used by tests/Turnout.Tests/Auth/RealClientAuthTests.cs with Debian's boto3 1.26 (CloudWatch over query) and
pyenv's boto3 1.43 (CloudWatch over awsJson1_0 by default, and again with smithy-rpc-v2-cbor pinned).
Each scenario maps to "OK" or the ClientError code botocore surfaced (e.response['Error']['Code']), its HTTP
status and message. Keys are passed as ID:SECRET arguments; nothing is read from the environment.
"""
import argparse
import datetime
import json
import sys
import types

import boto3
import botocore
import botocore.auth
import botocore.model
from botocore.config import Config
from botocore.exceptions import ClientError

CONFIG = Config(retries={"total_max_attempts": 1}, connect_timeout=10, read_timeout=30)


def client(service, args, key, signed=True):
    key_id, secret = key.split(":", 1)
    config = CONFIG if signed else CONFIG.merge(Config(signature_version=botocore.UNSIGNED))
    return boto3.client(service, endpoint_url=args.endpoint_url, region_name=args.region, aws_access_key_id=key_id,
                        aws_secret_access_key=secret, config=config, verify=args.verify if args.verify else None)


def outcome(call):
    try:
        response = call()
        body = response.get("Body")
        if body is not None:
            body.read()
        return {"code": "OK", "status": response["ResponseMetadata"]["HTTPStatusCode"],
                "variant": response.get("InvokedProductionVariant")}
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "message": e.response["Error"].get("Message", "")}


def skewed_clock(delta):
    """Makes botocore sign with a clock off by delta; returns the undo function. botocore 1.43 reads
    get_current_datetime; 1.26 calls datetime.datetime.utcnow() in botocore.auth and, when awscrt is installed
    (Debian's is), in botocore.crt.auth, whose CRT signer replaces the Python one."""
    undo = []
    auth = botocore.auth
    if hasattr(auth, "get_current_datetime"):
        original = auth.get_current_datetime
        auth.get_current_datetime = lambda *a, **k: original(*a, **k) + delta
        undo.append(lambda: setattr(auth, "get_current_datetime", original))

    class Skewed(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return datetime.datetime.utcnow() + delta

    fake = types.SimpleNamespace(**{k: getattr(datetime, k) for k in dir(datetime) if not k.startswith("__")})
    fake.datetime = Skewed
    modules = [auth]
    try:
        import botocore.crt.auth as crt_auth
        modules.append(crt_auth)
    except ImportError:
        pass
    for module in modules:
        if getattr(module, "datetime", None) is datetime:
            module.datetime = fake
            undo.append(lambda m=module: setattr(m, "datetime", datetime))
    return lambda: [u() for u in undo]


def cloudwatch_scenarios(args, prefix, report):
    unknown = "AKIDUNKNOWNKEY:" + args.admin.split(":", 1)[1]
    wrong = args.metrics.split(":", 1)[0] + ":" + args.wrong_secret
    list_metrics = lambda c: lambda: c.list_metrics(Namespace="AWS/SageMaker")
    report[prefix + "ok_metrics"] = outcome(list_metrics(client("cloudwatch", args, args.metrics)))
    report[prefix + "wrong_cloudwatch"] = outcome(list_metrics(client("cloudwatch", args, wrong)))
    report[prefix + "unknown_cloudwatch"] = outcome(list_metrics(client("cloudwatch", args, unknown)))
    report[prefix + "denied_cloudwatch"] = outcome(lambda: client("cloudwatch", args, args.metrics).describe_alarms())
    report[prefix + "unsigned_cloudwatch"] = outcome(list_metrics(client("cloudwatch", args, args.metrics, signed=False)))
    undo = skewed_clock(datetime.timedelta(minutes=-20))
    try:
        report[prefix + "skew_cloudwatch"] = outcome(list_metrics(client("cloudwatch", args, args.metrics)))
    finally:
        undo()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--region", default="eu-west-1")
    parser.add_argument("--endpoint-name", required=True, help="an InService endpoint the limited key may invoke")
    parser.add_argument("--row", required=True, help="one CSV row for the endpoint")
    parser.add_argument("--admin", required=True, help="ID:SECRET of a key allowed everything")
    parser.add_argument("--limited", required=True, help="ID:SECRET of a key limited to endpoint/prod-* reads and invokes")
    parser.add_argument("--metrics", required=True, help="ID:SECRET of a key allowed cloudwatch:ListMetrics only")
    parser.add_argument("--wrong-secret", required=True)
    parser.add_argument("--verify", help="CA bundle for https (the test's self-signed certificate)")
    parser.add_argument("--tls-only", action="store_true", help="only the right-key scenarios (TLS test)")
    parser.add_argument("--cbor", action="store_true", help="also run the CloudWatch scenarios over smithy-rpc-v2-cbor")
    args = parser.parse_args()

    report = {"botocore": botocore.__version__, "signer": type(botocore.auth.AUTH_TYPE_MAPS["v4"]).__name__
              if not isinstance(botocore.auth.AUTH_TYPE_MAPS["v4"], type) else botocore.auth.AUTH_TYPE_MAPS["v4"].__name__}
    admin_id, admin_secret = args.admin.split(":", 1)
    unknown = "AKIDUNKNOWNKEY:" + admin_secret
    wrong = admin_id + ":" + args.wrong_secret
    invoke = lambda c, name: lambda: c.invoke_endpoint(EndpointName=name, ContentType="text/csv", Body=args.row.encode())
    list_endpoints = lambda c: lambda: c.list_endpoints()

    report["ok_list"] = outcome(list_endpoints(client("sagemaker", args, args.admin)))
    report["ok_invoke"] = outcome(invoke(client("sagemaker-runtime", args, args.admin), args.endpoint_name))
    if args.tls_only:
        print(json.dumps(report))
        return

    cw = client("cloudwatch", args, args.metrics)
    report["cloudwatch_protocol"] = getattr(cw.meta.service_model, "resolved_protocol", cw.meta.service_model.protocol)
    report["limited_invoke"] = outcome(invoke(client("sagemaker-runtime", args, args.limited), args.endpoint_name))
    report["wrong_sagemaker"] = outcome(list_endpoints(client("sagemaker", args, wrong)))
    report["wrong_runtime"] = outcome(invoke(client("sagemaker-runtime", args, wrong), args.endpoint_name))
    report["unknown_sagemaker"] = outcome(list_endpoints(client("sagemaker", args, unknown)))
    report["unknown_runtime"] = outcome(invoke(client("sagemaker-runtime", args, unknown), args.endpoint_name))
    report["denied_action"] = outcome(lambda: client("sagemaker", args, args.limited).delete_endpoint(EndpointName="prod-x"))
    report["denied_resource"] = outcome(lambda: client("sagemaker", args, args.limited).describe_endpoint(EndpointName="staging-x"))
    report["denied_invoke"] = outcome(invoke(client("sagemaker-runtime", args, args.limited), "staging-x"))
    report["unsigned_sagemaker"] = outcome(list_endpoints(client("sagemaker", args, args.admin, signed=False)))
    report["unsigned_runtime"] = outcome(invoke(client("sagemaker-runtime", args, args.admin, signed=False), args.endpoint_name))
    undo = skewed_clock(datetime.timedelta(minutes=-20))
    try:
        report["skew_sagemaker"] = outcome(list_endpoints(client("sagemaker", args, args.admin)))
        report["skew_runtime"] = outcome(invoke(client("sagemaker-runtime", args, args.admin), args.endpoint_name))
    finally:
        undo()

    cloudwatch_scenarios(args, "", report)
    if args.cbor:
        # resolved_protocol is botocore's pick among the model's "protocols"; pinning it exercises the CBOR codec.
        botocore.model.ServiceModel.resolved_protocol = property(lambda self: "smithy-rpc-v2-cbor")
        cloudwatch_scenarios(args, "cbor_", report)
        report["cbor_protocol"] = client("cloudwatch", args, args.metrics).meta.service_model.resolved_protocol

    print(json.dumps(report))


if __name__ == "__main__":
    sys.exit(main())
