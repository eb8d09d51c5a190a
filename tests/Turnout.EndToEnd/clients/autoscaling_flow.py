"""Application Auto Scaling end to end with stock boto3: a target-tracking policy on
SageMakerVariantInvocationsPerInstance scales Variant1 out under a load step and back in after it.

Expects an InService endpoint (--endpoint-name) whose Variant1 runs 1 instance, on a server started with a
short --autoscaling-interval and --autoscaling-metric-window. Prints one JSON summary line; exits 1 on a failed check.

Usage: python3 autoscaling_flow.py --endpoint-url URL --endpoint-name NAME --row-file ROW.csv [--deadline 60]
"""
import argparse
import json
import sys
import threading
import time

import boto3
from botocore.config import Config

DIM = "sagemaker:variant:DesiredInstanceCount"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint-url", required=True)
    p.add_argument("--endpoint-name", required=True)
    p.add_argument("--row-file", required=True)
    p.add_argument("--deadline", type=float, default=60)
    a = p.parse_args()
    kw = dict(endpoint_url=a.endpoint_url, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x",
              config=Config(retries={"max_attempts": 1}))
    aas, sm, rt = boto3.client("application-autoscaling", **kw), boto3.client("sagemaker", **kw), boto3.client("sagemaker-runtime", **kw)
    resource = f"endpoint/{a.endpoint_name}/variant/Variant1"
    failures = []

    def check(ok, what):
        if not ok:
            failures.append(what)

    aas.register_scalable_target(ServiceNamespace="sagemaker", ResourceId=resource, ScalableDimension=DIM, MinCapacity=1, MaxCapacity=3)
    targets = aas.describe_scalable_targets(ServiceNamespace="sagemaker", ResourceIds=[resource])["ScalableTargets"]
    check(len(targets) == 1 and targets[0]["MaxCapacity"] == 3, f"describe_scalable_targets: {targets}")
    arn = aas.put_scaling_policy(
        PolicyName="invocations", ServiceNamespace="sagemaker", ResourceId=resource, ScalableDimension=DIM,
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 600.0,  # invocations per instance per minute
            "PredefinedMetricSpecification": {"PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"},
            "ScaleOutCooldown": 0, "ScaleInCooldown": 3})["PolicyARN"]
    policies = aas.describe_scaling_policies(ServiceNamespace="sagemaker", ResourceId=resource)["ScalingPolicies"]
    check([x["PolicyARN"] for x in policies] == [arn], f"describe_scaling_policies: {policies}")
    try:
        aas.delete_scaling_policy(PolicyName="nope", ServiceNamespace="sagemaker", ResourceId=resource, ScalableDimension=DIM)
        check(False, "delete of a missing policy succeeded")
    except aas.exceptions.ObjectNotFoundException as e:
        check("No scaling policy found" in str(e), f"ObjectNotFoundException message: {e}")

    def variant1():
        v = [x for x in sm.describe_endpoint(EndpointName=a.endpoint_name)["ProductionVariants"] if x["VariantName"] == "Variant1"][0]
        return v["DesiredInstanceCount"], v["CurrentInstanceCount"]

    row = open(a.row_file).read().strip()
    stop = threading.Event()
    sent = [0, 0]

    def load(i):
        while not stop.is_set():
            rt.invoke_endpoint(EndpointName=a.endpoint_name, ContentType="text/csv", Body=row, TargetVariant="Variant1")
            sent[i] += 1

    threads = [threading.Thread(target=load, args=(i,)) for i in range(2)]
    start = time.monotonic()
    for t in threads:
        t.start()
    scaled_out = None
    peak = 1
    try:
        while time.monotonic() - start < a.deadline:
            desired, current = variant1()
            if current >= 2 and desired == current:
                scaled_out = time.monotonic() - start
                peak = current
                break
            time.sleep(0.2)
    finally:
        stop.set()
        for t in threads:
            t.join()
    load_seconds = time.monotonic() - start
    check(scaled_out is not None, f"Variant1 did not scale out within {a.deadline} s")

    stopped = time.monotonic()
    scaled_in = None
    while scaled_out is not None and time.monotonic() - stopped < a.deadline:
        desired, current = variant1()
        peak = max(peak, current)
        if desired == 1 and current == 1:
            scaled_in = time.monotonic() - stopped
            break
        time.sleep(0.2)
    check(scaled_in is not None, f"Variant1 did not scale back in within {a.deadline} s")

    # The endpoint shows the new count a moment before the activity records its outcome: wait for it, bounded.
    settle_until = time.monotonic() + 30
    while True:
        activities = aas.describe_scaling_activities(ServiceNamespace="sagemaker", ResourceId=resource)["ScalingActivities"]
        if all(x["StatusCode"] != "InProgress" for x in activities) or time.monotonic() >= settle_until:
            break
        time.sleep(0.2)
    counts = [int(x["Description"].rstrip(".").split()[-1]) for x in activities]
    check(all(x["StatusCode"] == "Successful" for x in activities), f"activities: {activities}")
    check(len(counts) >= 2 and counts[0] == 1 and max(counts) >= 2, f"activity counts newest first: {counts}")
    check(all("target tracking policy invocations" in x["Cause"] for x in activities), f"causes: {[x['Cause'] for x in activities]}")

    aas.delete_scaling_policy(PolicyName="invocations", ServiceNamespace="sagemaker", ResourceId=resource, ScalableDimension=DIM)
    # AWS answers ConcurrentUpdateException while a scaling activity is being applied: retry, bounded.
    retry_until = time.monotonic() + 30
    while True:
        try:
            aas.deregister_scalable_target(ServiceNamespace="sagemaker", ResourceId=resource, ScalableDimension=DIM)
            break
        except aas.exceptions.ConcurrentUpdateException:
            if time.monotonic() >= retry_until:
                check(False, "DeregisterScalableTarget kept answering ConcurrentUpdateException for 30 s")
                break
            time.sleep(0.2)
    check(aas.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"] == [], "target still registered")

    print(json.dumps({"scale_out_seconds": scaled_out, "scale_in_seconds": scaled_in, "peak_instances": peak,
                      "invocations": sum(sent), "load_seconds": load_seconds, "activity_counts": counts,
                      "failures": failures}))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
