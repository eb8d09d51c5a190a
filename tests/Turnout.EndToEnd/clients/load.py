"""A steady stream of invoke_endpoint calls with plain boto3, one JSON line per answer.

Waits for --ready to exist, then loops invoke_endpoint (no TargetVariant, so the endpoint's router
chooses) over the notebook's test rows until --stop exists or --max-seconds pass. Retries are off, so
a failed invocation is seen as failed instead of being hidden by botocore's retry. Each line:

  {"c": client, "t0": wall-clock start, "t1": end, "status": 200, "variant": InvokedProductionVariant,
   "row": line number in the expected file, "body": response body, "retries": RetryAttempts}
  {"c": client, "t0": ..., "t1": ..., "status": HTTP status or null, "error": code, "message": text}

and a last line {"c": client, "done": true, "count": N}. Exit 0 unless the script itself broke.

Usage:
  python3 load.py --endpoint-url http://127.0.0.1:PORT --endpoint-name NAME --expected expected_predictions.csv \
      --out load-1.jsonl --ready ready --stop stop --client-id 1
"""
import argparse
import csv
import json
import os
import random
import sys
import time

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError


def read_rows(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        next(reader)  # line,Variant1,Variant2,features
        return [(int(line), features) for line, _, _, features in reader]


def wait_for(path, seconds):
    deadline = time.monotonic() + seconds
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--endpoint-name", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--ready", required=True)
    parser.add_argument("--stop", required=True)
    parser.add_argument("--client-id", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=300)
    args = parser.parse_args()

    rows = read_rows(args.expected)
    rng = random.Random(args.client_id)
    runtime = boto3.Session().client(
        "sagemaker-runtime",
        endpoint_url=args.endpoint_url,
        config=Config(
            retries={"mode": "standard", "total_max_attempts": 1},
            connect_timeout=10,
            read_timeout=60,
            max_pool_connections=1,
        ),
    )
    print(f"load {args.client_id}: boto3 {boto3.__version__} botocore {botocore.__version__} {sys.executable}", flush=True)

    count = 0
    with open(args.out, "w", buffering=1) as out:
        if not wait_for(args.ready, args.max_seconds):
            print(f"load {args.client_id}: {args.ready} never appeared", flush=True)
            out.write(json.dumps({"c": args.client_id, "done": True, "count": 0}) + "\n")
            return 1
        started = time.monotonic()
        while not os.path.exists(args.stop) and time.monotonic() - started < args.max_seconds:
            line, features = rows[rng.randrange(len(rows))]
            record = {"c": args.client_id}
            t0 = time.time()
            try:
                response = runtime.invoke_endpoint(EndpointName=args.endpoint_name, ContentType="text/csv", Body=features)
                body = response["Body"].read().decode("utf-8")
                t1 = time.time()
                record.update({
                    "status": response["ResponseMetadata"]["HTTPStatusCode"],
                    "variant": response.get("InvokedProductionVariant"),
                    "row": line,
                    "body": body,
                    "retries": response["ResponseMetadata"].get("RetryAttempts", 0),
                })
            except ClientError as e:
                t1 = time.time()
                record.update({
                    "status": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
                    "error": e.response.get("Error", {}).get("Code"),
                    "message": e.response.get("Error", {}).get("Message"),
                    "row": line,
                })
            except BotoCoreError as e:
                t1 = time.time()
                record.update({"status": None, "error": type(e).__name__, "message": str(e), "row": line})
            record["t0"] = t0
            record["t1"] = t1
            out.write(json.dumps(record) + "\n")
            count += 1
        out.write(json.dumps({"c": args.client_id, "done": True, "count": count}) + "\n")
    print(f"load {args.client_id}: {count} invocations", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
