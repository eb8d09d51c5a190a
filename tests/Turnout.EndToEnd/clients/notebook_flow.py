"""The AWS "A/B Testing with Amazon SageMaker" notebook, step by step, with plain boto3.

The calls are the notebook's (sagemaker_endpoints/a_b_testing), unchanged except that every client
gets endpoint_url and the sleeps between invocations are dropped. Each step checks what the
notebook relies on and exits non-zero with a clear message at the first failed check.

Usage:
  python3 notebook_flow.py --endpoint-url http://127.0.0.1:PORT --examples-dir examples/churn-ab \
      --expected tests/Turnout.EndToEnd/clients/expected_predictions.csv

Credentials and region come from the environment (any dummy values; us-east-1).
"""
import argparse
import math
import os
import sys
import time
from datetime import datetime, timedelta, timezone

import boto3
import botocore
from botocore.exceptions import ClientError

import xgb_reference

ROLE = "arn:aws:iam::123456789012:role/Turnout"
IMAGE_1 = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-1-cpu-py3"
IMAGE_2 = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-2-cpu-py3"
TOLERANCE = 1e-6
SIGMAS = 4.5  # a correct weighted router fails a share check with probability < 1e-5
METRICS_DEADLINE_S = 20.0
PROPAGATION_GRACE_S = 0.0


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def step(message):
    print(f"[{time.monotonic() - T0:7.2f}s] {message}", flush=True)


T0 = time.monotonic()


def expect_client_error(call, code, text):
    try:
        call()
    except ClientError as e:
        got = e.response["Error"].get("Code")
        msg = e.response["Error"].get("Message", "")
        check(got == code, f"expected error code {code}, got {got!r} ({msg!r})")
        check(text in msg, f"expected {text!r} in error message, got {msg!r}")
        return e
    raise CheckFailed(f"expected ClientError {code} containing {text!r}, but the call succeeded")


class Flow:
    def __init__(self, args):
        self.args = args
        session = boto3.Session()
        self.sm = session.client("sagemaker", endpoint_url=args.endpoint_url)
        self.sm_runtime = session.client("sagemaker-runtime", endpoint_url=args.endpoint_url)
        self.cw = session.client("cloudwatch", endpoint_url=args.endpoint_url)
        test_data = os.path.join(args.examples_dir, "test_data")
        with open(os.path.join(test_data, "test-dataset-input-cols.csv")) as f:
            self.all_rows = [row.rstrip("\n") for row in f]
        # `tail -120` of the input file, and the matching labels from `tail -121 test-dataset.csv`
        # read by pandas (whose first line becomes the header).
        self.tail_rows = self.all_rows[-120:]
        with open(os.path.join(test_data, "test-dataset.csv")) as f:
            self.tail_labels = [int(float(row.split(",")[0])) for row in f.read().splitlines()[-120:]]
        self.expected = self.load_expected()
        ts = f"{datetime.now():%Y-%m-%d-%H-%M-%S}"
        self.model_name = f"DEMO-xgb-churn-pred-{ts}"
        self.model_name2 = f"DEMO-xgb-churn-pred2-{ts}"
        # Same text as model_name on purpose: models and endpoints are separate namespaces.
        self.endpoint_name = f"DEMO-xgb-churn-pred-{ts}"
        self.invocations = {"Variant1": 0, "Variant2": 0}

    def load_expected(self):
        from_file = xgb_reference.read_expected_file(self.args.expected) if self.args.expected else None
        try:
            import xgboost  # noqa: F401
        except ImportError:
            check(from_file is not None, "xgboost is not importable and no --expected file was given")
            step(f"expected predictions: from {self.args.expected} (xgboost not importable here)")
            return from_file
        computed = {}
        for variant, file in xgb_reference.MODEL_FILES.items():
            booster = xgb_reference.load_booster(os.path.join(self.args.examples_dir, "model", file))
            computed[variant] = dict(zip(self.all_rows, xgb_reference.predict_lines(booster, self.all_rows)))
        if from_file is not None:
            # Keeps the committed file honest for the interpreters that must rely on it.
            for variant, values in computed.items():
                for row, value in values.items():
                    check(abs(from_file[variant][row] - value) <= TOLERANCE,
                          f"{self.args.expected} disagrees with libxgboost for {variant}; regenerate it")
        step(f"expected predictions: computed with xgboost {xgboost.__version__}")
        return computed

    # ---- helpers -------------------------------------------------------------------------

    def invoke(self, payload, target_variant=None):
        kwargs = {"EndpointName": self.endpoint_name, "ContentType": "text/csv", "Body": payload}
        if target_variant:
            kwargs["TargetVariant"] = target_variant
        response = self.sm_runtime.invoke_endpoint(**kwargs)
        variant = response.get("InvokedProductionVariant")
        check(variant in self.invocations, f"InvokedProductionVariant is {variant!r}")
        body = response["Body"].read().decode("utf-8")
        self.invocations[variant] += 1
        try:
            value = float(body)
        except ValueError:
            raise CheckFailed(f"response body is not one number: {body!r}") from None
        expected = self.expected[variant][payload]
        check(abs(value - expected) <= TOLERANCE,
              f"{variant} predicted {body!r} for a row where libxgboost gives {expected!r}")
        return variant, body

    def send(self, rows, target_variant=None):
        served = {"Variant1": 0, "Variant2": 0}
        bodies = []
        for row in rows:
            variant, body = self.invoke(row, target_variant)
            served[variant] += 1
            bodies.append(body)
        return served, bodies

    def check_share(self, served, p1, what):
        n = served["Variant1"] + served["Variant2"]
        k = served["Variant1"]
        allowed = SIGMAS * math.sqrt(n * p1 * (1 - p1))
        step(f"  {what}: Variant1 {k}/{n}, expected {n * p1:.1f} +- {allowed:.1f}")
        check(abs(k - n * p1) <= allowed,
              f"{what}: Variant1 served {k} of {n}, outside {n * p1:.1f} +- {allowed:.1f}")

    def variant_weights(self):
        described = self.sm.describe_endpoint(EndpointName=self.endpoint_name)
        return {v["VariantName"]: v for v in described["ProductionVariants"]}

    def wait_for_update(self):
        # The notebook's loop: describe every second until InService or Failed.
        for _ in range(60):
            status = self.sm.describe_endpoint(EndpointName=self.endpoint_name)["EndpointStatus"]
            if status in ["InService", "Failed"]:
                check(status == "InService", f"endpoint ended the update as {status}")
                return
            check(status == "Updating", f"unexpected status {status} during an update")
            time.sleep(1)
        raise CheckFailed("endpoint still Updating after 60 polls")

    def update_weights(self, w1, w2):
        self.sm.update_endpoint_weights_and_capacities(
            EndpointName=self.endpoint_name,
            DesiredWeightsAndCapacities=[
                {"DesiredWeight": w1, "VariantName": "Variant1"},
                {"DesiredWeight": w2, "VariantName": "Variant2"},
            ],
        )
        self.wait_for_update()
        variants = self.variant_weights()
        current = {name: v.get("CurrentWeight") for name, v in variants.items()}
        step(f"  CurrentWeight: {current}")
        check(current == {"Variant1": float(w1), "Variant2": float(w2)},
              f"CurrentWeight after update is {current}, expected {w1}/{w2}")
        for name, v in variants.items():
            check(v.get("DesiredWeight") == v.get("CurrentWeight"), f"{name}: DesiredWeight != CurrentWeight after the update")
            check(v.get("CurrentInstanceCount") == 1, f"{name}: CurrentInstanceCount {v.get('CurrentInstanceCount')} != 1")

    def metric_sums(self):
        # The notebook passes naive datetimes (botocore sends them as UTC); naive UTC keeps the
        # window right whatever the machine's time zone.
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        sums = {}
        for variant in ["Variant1", "Variant2"]:
            metrics = self.cw.get_metric_statistics(
                Namespace="AWS/SageMaker",
                MetricName="Invocations",
                StartTime=now - timedelta(minutes=60),
                EndTime=now,
                Period=60,
                Statistics=["Sum"],
                Dimensions=[
                    {"Name": "EndpointName", "Value": self.endpoint_name},
                    {"Name": "VariantName", "Value": variant},
                ],
            )
            check(metrics.get("Label") == "Invocations", f"Label is {metrics.get('Label')!r}")
            datapoints = metrics["Datapoints"]
            for dp in datapoints:
                # The notebook's pandas code sorts on Timestamp and drops Unit.
                check({"Timestamp", "Sum", "Unit"} <= set(dp), f"datapoint lacks Timestamp/Sum/Unit: {dp}")
                check(isinstance(dp["Timestamp"], datetime), f"Timestamp is not a datetime: {dp}")
            sums[variant] = sum(dp["Sum"] for dp in datapoints)
        return sums

    def check_metrics(self):
        # Metrics may be published a little after the invocations (the notebook sleeps 20-60 s);
        # poll with a deadline, but never accept more than was sent.
        deadline = time.monotonic() + METRICS_DEADLINE_S
        while True:
            sums = self.metric_sums()
            for v in sums:
                check(sums[v] <= self.invocations[v],
                      f"CloudWatch Invocations for {v} is {sums[v]}, more than the {self.invocations[v]} sent")
            if sums == {v: float(n) for v, n in self.invocations.items()}:
                step(f"  Invocations Sum per variant: {sums}")
                return
            if time.monotonic() > deadline:
                raise CheckFailed(f"CloudWatch Invocations {sums} != invocations seen {self.invocations} "
                                  f"after {METRICS_DEADLINE_S:.0f} s")
            time.sleep(0.25)

    def evaluate(self, bodies, variant):
        # Step 3 of the notebook: numpy-free versions of its accuracy/precision/recall.
        preds = [1 if float(b) > 0.5 else 0 for b in bodies]
        labels = self.tail_labels
        accuracy = sum(p == l for p, l in zip(preds, labels)) / len(labels)
        tp = sum(p == 1 and l == 1 for p, l in zip(preds, labels))
        precision = tp / max(1, sum(preds))
        recall = tp / max(1, sum(labels))
        step(f"  {variant}: accuracy {accuracy:.4f} precision {precision:.4f} recall {recall:.4f}")

    # ---- the notebook -----------------------------------------------------------------------

    def run(self):
        step(f"boto3 {boto3.__version__} / botocore {botocore.__version__}, endpoint {self.args.endpoint_url}")

        step("Step 1: create the models")
        for name, image, url in [(self.model_name, IMAGE_1, self.args.model_url),
                                 (self.model_name2, IMAGE_2, self.args.model_url2)]:
            arn = self.sm.create_model(
                ModelName=name, ExecutionRoleArn=ROLE, PrimaryContainer={"Image": image, "ModelDataUrl": url}
            )["ModelArn"]
            check(arn.startswith("arn:aws:sagemaker:") and arn.endswith(":model/" + name.lower()), f"ModelArn {arn}")

        step("Step 1: deploy (endpoint_from_production_variants)")
        variants = [
            {"ModelName": model, "InstanceType": "ml.m5.xlarge", "InitialInstanceCount": 1,
             "VariantName": name, "InitialVariantWeight": 1}
            for model, name in [(self.model_name, "Variant1"), (self.model_name2, "Variant2")]
        ]
        # sagemaker.Session looks the config up first and creates it only on "Could not find".
        expect_client_error(lambda: self.sm.describe_endpoint_config(EndpointConfigName=self.endpoint_name),
                            "ValidationException", "Could not find")
        self.sm.create_endpoint_config(EndpointConfigName=self.endpoint_name, ProductionVariants=variants)
        self.sm.create_endpoint(EndpointName=self.endpoint_name, EndpointConfigName=self.endpoint_name, Tags=[])
        self.sm.get_waiter("endpoint_in_service").wait(
            EndpointName=self.endpoint_name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
        described = self.sm.describe_endpoint(EndpointName=self.endpoint_name)
        check(described["EndpointStatus"] == "InService", f"status {described['EndpointStatus']}")
        check(described["EndpointConfigName"] == self.endpoint_name, "EndpointConfigName differs")
        weights = {v["VariantName"]: v.get("CurrentWeight") for v in described["ProductionVariants"]}
        check(weights == {"Variant1": 1.0, "Variant2": 1.0}, f"initial CurrentWeight {weights}")
        step(f"  InService, CurrentWeight {weights}")

        step("Step 2: invoke with the tail 120 rows (weights 1/1)")
        served, _ = self.send(self.tail_rows)
        self.check_share(served, 0.5, "weights 1/1")

        step("Step 2: invoke a specific variant (TargetVariant)")
        bodies = {}
        for variant in ["Variant1", "Variant2"]:
            served, bodies[variant] = self.send(self.tail_rows, target_variant=variant)
            check(served[variant] == len(self.tail_rows), f"TargetVariant={variant} was served by {served}")
            step(f"  TargetVariant={variant}: all {served[variant]} served by {variant}, predictions match libxgboost")

        step("Step 3: evaluate the variants")
        for variant in ["Variant1", "Variant2"]:
            self.evaluate(bodies[variant], variant)

        step("Invocations per variant (CloudWatch GetMetricStatistics)")
        self.check_metrics()

        step("Step 4: invoke_endpoint_for_two_minutes with weights 1/1")
        served, _ = self.send(self.all_rows)
        self.check_share(served, 0.5, "weights 1/1, all rows")

        step("Step 4: shift to 25/75 (UpdateEndpointWeightsAndCapacities)")
        self.update_weights(25, 75)
        served, _ = self.send(self.all_rows)
        self.check_share(served, 0.25, "weights 25/75")

        step("Step 4: shift to 0/1")
        self.update_weights(0, 1)
        served, _ = self.send(self.all_rows)
        check(served["Variant1"] == 0, f"weight 0 still got traffic: {served}")
        step(f"  weights 0/1: all {served['Variant2']} served by Variant2")

        step("Invocations per variant after the shifts")
        self.check_metrics()

        step("Delete the endpoint")
        self.sm.delete_endpoint(EndpointName=self.endpoint_name)
        self.sm.get_waiter("endpoint_deleted").wait(
            EndpointName=self.endpoint_name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
        expect_client_error(lambda: self.sm.describe_endpoint(EndpointName=self.endpoint_name),
                            "ValidationException", "Could not find endpoint")
        # One node: the delete is effective at once. Behind a load balancer the invocation may reach another
        # node, which learns of the delete within the cluster's propagation bound (--propagation-grace).
        grace_deadline = time.monotonic() + PROPAGATION_GRACE_S
        while True:
            try:
                self.sm_runtime.invoke_endpoint(EndpointName=self.endpoint_name, ContentType="text/csv",
                                                Body=self.tail_rows[0])
            except ClientError as e:
                check(e.response["Error"]["Code"] == "ValidationError",
                      f"invoking a deleted endpoint gave {e.response['Error']}")
                break
            if time.monotonic() >= grace_deadline:
                raise CheckFailed(f"invoking a deleted endpoint still succeeded {PROPAGATION_GRACE_S} s after the delete")
            time.sleep(0.05)

        step("Clean up the endpoint config and the models")
        self.sm.delete_endpoint_config(EndpointConfigName=self.endpoint_name)
        expect_client_error(lambda: self.sm.describe_endpoint_config(EndpointConfigName=self.endpoint_name),
                            "ValidationException", "Could not find endpoint configuration")
        for name in [self.model_name, self.model_name2]:
            self.sm.delete_model(ModelName=name)
            expect_client_error(lambda: self.sm.describe_model(ModelName=name),
                                "ValidationException", "Could not find model")
        left = [m["ModelName"] for m in self.sm.list_models()["Models"]]
        check(not ({self.model_name, self.model_name2} & set(left)), f"deleted models still listed: {left}")
        step(f"PASS: notebook flow; invocations per variant {self.invocations}")


def main():
    global METRICS_DEADLINE_S, PROPAGATION_GRACE_S
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--examples-dir", required=True, help="examples/churn-ab")
    parser.add_argument("--expected", help="expected_predictions.csv, used when xgboost is not importable")
    parser.add_argument("--model-url", default="s3://turnout-examples/churn-ab/model.tar.gz")
    parser.add_argument("--model-url2", default="s3://turnout-examples/churn-ab/model2.tar.gz")
    parser.add_argument("--propagation-grace", type=float, default=0.0,
                        help="seconds a delete may take to reach every node behind a load balancer (cluster tests)")
    parser.add_argument("--metrics-deadline", type=float, default=METRICS_DEADLINE_S,
                        help="seconds to wait for CloudWatch to count every invocation (a cluster's other nodes flush closed minutes)")
    args = parser.parse_args()
    METRICS_DEADLINE_S = args.metrics_deadline
    PROPAGATION_GRACE_S = args.propagation_grace
    try:
        Flow(args).run()
    except CheckFailed as e:
        print(f"FAIL: {e}", file=sys.stderr, flush=True)
        return 1
    except ClientError as e:
        print(f"FAIL: unexpected service error: {e}", file=sys.stderr, flush=True)
        return 1
    except botocore.exceptions.WaiterError as e:
        print(f"FAIL: waiter: {e} (last response: {e.last_response})", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
