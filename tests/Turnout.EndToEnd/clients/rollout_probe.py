"""One look at an endpoint with plain boto3: DescribeEndpoint, then --count untargeted invocations, then one
invocation targeted at each --targets variant (the test knows which of them must exist). Prints one JSON object:

  {"describe": {status, config, failure, variants, pending, pending_raw},
   "invocations": [{"status", "variant", "row", "body"} | {"status", "error", "message", "row"}],
   "targeted": {variant: {"status", "variant", "row", "body"} | {"status", "error", "message", "row"}}}

Retries are off so a failure is seen as one. Exit 0 unless the script itself broke.

Usage:
  python3 rollout_probe.py --endpoint-url URL --endpoint-name NAME --expected expected_predictions.csv --count 40 \
      [--targets VARIANT ...]
"""
import argparse
import csv
import json
import random
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from rollout_flow import Driver


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--endpoint-name", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--targets", nargs="*", default=[])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with open(args.expected, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        rows = [(int(line), features) for line, _, _, features in reader]
    config = Config(retries={"mode": "standard", "total_max_attempts": 1}, connect_timeout=10, read_timeout=60)
    session = boto3.Session()
    sm = session.client("sagemaker", endpoint_url=args.endpoint_url, config=config)
    runtime = session.client("sagemaker-runtime", endpoint_url=args.endpoint_url, config=config)

    described = sm.describe_endpoint(EndpointName=args.endpoint_name)
    summary = Driver.summarise(described)
    summary["pending_raw"] = "PendingDeploymentSummary" in described
    summary["arn"] = described["EndpointArn"]
    routing = ((described.get("LastDeploymentConfig") or {}).get("BlueGreenUpdatePolicy") or {}).get("TrafficRoutingConfiguration") or {}
    summary["last_deployment"] = routing.get("Type")

    def invoke(features, line, target=None):
        kwargs = {"EndpointName": args.endpoint_name, "ContentType": "text/csv", "Body": features}
        if target:
            kwargs["TargetVariant"] = target
        try:
            response = runtime.invoke_endpoint(**kwargs)
            return {
                "status": response["ResponseMetadata"]["HTTPStatusCode"],
                "variant": response.get("InvokedProductionVariant"),
                "row": line,
                "body": response["Body"].read().decode("utf-8"),
            }
        except ClientError as e:
            return {
                "status": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
                "error": e.response.get("Error", {}).get("Code"),
                "message": e.response.get("Error", {}).get("Message"),
                "row": line,
            }
        except BotoCoreError as e:
            return {"status": None, "error": type(e).__name__, "message": str(e), "row": line}

    rng = random.Random(args.seed)
    invocations = [invoke(features, line) for line, features in (rows[rng.randrange(len(rows))] for _ in range(args.count))]
    line, features = rows[-1]
    targeted = {variant: invoke(features, line, variant) for variant in args.targets}
    print(json.dumps({"describe": summary, "invocations": invocations, "targeted": targeted}, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
