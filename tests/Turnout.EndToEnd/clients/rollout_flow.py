"""Drives one endpoint through every kind of live change while load.py clients keep invoking it.

One after another, with plain boto3 (sagemaker + cloudwatch clients): weight change 25/75, instance
counts 1 -> 3 -> 1, an all-at-once UpdateEndpoint, a CANARY update that succeeds, a LINEAR update that
succeeds, a CANARY update whose CloudWatch alarm is forced into ALARM (it must roll back), and an update
to a model whose tarball is garbage (it must stay on the old config). Every configuration uses its own
variant names, so each invocation's InvokedProductionVariant says which fleet answered it.

DescribeEndpoint is polled all along. Each poll is written to the report with its wall-clock bounds and
the traffic shares the reported state implies (None while a change is in flight), so the test can tell,
for every response the load clients saw, which variants were live at that moment. The script itself
checks only that each change ended where it must and that the reported phases follow the configured
plan; it exits non-zero with a clear message at the first failed check.

Usage:
  python3 rollout_flow.py --endpoint-url URL --endpoint-name NAME --work-dir DIR --loads 3 \
      --model-url s3://.../model.tar.gz --model-url2 s3://.../model2.tar.gz --bad-model-url s3://.../garbage.tar.gz
"""
import argparse
import json
import os
import sys
import time
from datetime import datetime, timedelta, timezone

import boto3
import botocore
from botocore.config import Config

ROLE = "arn:aws:iam::123456789012:role/Turnout"
IMAGE_1 = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-1-cpu-py3"
IMAGE_2 = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-2-cpu-py3"
POLL_S = 0.1
CHANGE_DEADLINE_S = 60.0
ALARM = "rollout-e2e-doomed-5xx"

# Configurations: name -> [(variant, model, weight, instances)]. model 1/2 are the notebook's models, 0 the garbage one.
CONFIGS = {
    "rollout-cfg-0": [("Variant1", 1, 1.0, 1), ("Variant2", 2, 1.0, 1)],
    "rollout-cfg-blue": [("Blue1", 2, 1.0, 1), ("Blue2", 1, 3.0, 1)],
    "rollout-cfg-canary": [("Canary1", 1, 1.0, 2), ("Canary2", 2, 1.0, 1)],
    "rollout-cfg-linear": [("Linear1", 2, 2.0, 1), ("Linear2", 1, 1.0, 1)],
    "rollout-cfg-doomed": [("Doomed1", 1, 1.0, 1)],
    "rollout-cfg-bad": [("Stillborn1", 1, 1.0, 1), ("Stillborn2", 0, 1.0, 1)],
}


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


T0 = time.monotonic()


def step(message):
    print(f"[{time.monotonic() - T0:7.2f}s] {message}", flush=True)


def normalise(weights):
    total = sum(weights.values())
    return {name: round(w / total, 6) for name, w in weights.items() if w > 0}


class Driver:
    def __init__(self, args):
        self.args = args
        session = boto3.Session()
        config = Config(retries={"mode": "standard", "total_max_attempts": 3}, connect_timeout=10, read_timeout=60)
        self.sm = session.client("sagemaker", endpoint_url=args.endpoint_url, config=config)
        self.cw = session.client("cloudwatch", endpoint_url=args.endpoint_url, config=config)
        self.name = args.endpoint_name
        self.observations = []
        self.phases = []
        self.variants = {}
        self.alarm = {"name": ALARM}
        self.started_wall = time.time()

    # ---- observation -------------------------------------------------------------------------

    def describe(self):
        return self.sm.describe_endpoint(EndpointName=self.name)

    @staticmethod
    def summarise(d):
        pending = d.get("PendingDeploymentSummary")
        return {
            "status": d["EndpointStatus"],
            "config": d["EndpointConfigName"],
            "failure": d.get("FailureReason"),
            "variants": [
                {
                    "name": v["VariantName"],
                    "cw": v.get("CurrentWeight"),
                    "dw": v.get("DesiredWeight"),
                    "ci": v.get("CurrentInstanceCount"),
                    "di": v.get("DesiredInstanceCount"),
                    "status": [s["Status"] for s in v.get("VariantStatus") or []],
                }
                for v in d.get("ProductionVariants") or []
            ],
            "pending": None if pending is None else {
                "config": pending["EndpointConfigName"],
                "variants": [
                    {
                        "name": v["VariantName"],
                        "cw": v.get("CurrentWeight"),
                        "dw": v.get("DesiredWeight"),
                        "ci": v.get("CurrentInstanceCount"),
                        "di": v.get("DesiredInstanceCount"),
                        "status": [s["Status"] for s in v.get("VariantStatus") or []],
                        "phase_start": s0["StartTime"].timestamp() if (s0 := (v.get("VariantStatus") or [{}])[0]).get("StartTime") else None,
                    }
                    for v in pending.get("ProductionVariants") or []
                ],
            },
        }

    @staticmethod
    def classify(s):
        """(label, shares) for a described state; shares None while the routing is in flux."""
        live = {v["name"]: v for v in s["variants"]}
        live_weights = {n: v["cw"] or 0.0 for n, v in live.items()}
        counts = ",".join(f"{n}={v['cw']:g}x{v['ci']}" for n, v in sorted(live.items()) if v["cw"] is not None)
        pending = s["pending"]
        if pending is None:
            if s["status"] == "InService":
                return f"InService {s['config']} {counts}", normalise(live_weights)
            return f"{s['status']} {s['config']}", None
        phases = {st for v in pending["variants"] for st in v["status"]}
        check(len(phases) == 1, f"pending variants disagree on their phase: {pending}")
        phase = phases.pop()
        new_weights = {v["name"]: v["dw"] for v in pending["variants"]}
        draining = any("Deleting" in v["status"] for v in s["variants"])
        if draining:
            return f"Draining {s['config']} -> {pending['config']}", normalise(new_weights)
        if phase == "Creating":
            return f"Creating {pending['config']} (traffic on {s['config']})", normalise(live_weights)
        if phase == "Baking":
            return f"Baking {pending['config']}", normalise(new_weights)
        if phase == "ActivatingTraffic":
            ratios = {round(v["cw"] / v["dw"], 6) for v in pending["variants"] if v["dw"]}
            check(len(ratios) == 1, f"pending variants carry different traffic shares: {pending}")
            share = ratios.pop()
            old, new = normalise(live_weights), normalise(new_weights)
            shares = {n: round(p * (1 - share), 6) for n, p in old.items()}
            shares.update({n: round(p * share, 6) for n, p in new.items()})
            return f"ActivatingTraffic {pending['config']} {share:g}", shares
        raise CheckFailed(f"unknown deployment phase {phase!r}: {s}")

    def observe(self):
        before = time.time()
        d = self.describe()
        after = time.time()
        s = self.summarise(d)
        label, shares = self.classify(s)
        obs = {"t0": before, "t1": after, "label": label, "shares": shares, "state": s}
        if not self.observations or self.observations[-1]["label"] != label:
            step(f"  {label}  {json.dumps(shares) if shares else '(in flight)'}")
        self.observations.append(obs)
        return obs

    def mark(self, what):
        """An in-flight marker just before a call that changes routing."""
        now = time.time()
        self.observations.append({"t0": now, "t1": now, "label": f"call: {what}", "shares": None, "state": None})

    # ---- phases ------------------------------------------------------------------------------

    def change(self, name, call, done, on_observe=None, deadline=CHANGE_DEADLINE_S):
        step(f"{name}")
        t0 = time.time()
        self.mark(name)
        call()
        labels = []
        started = time.monotonic()
        while True:
            obs = self.observe()
            if not labels or labels[-1] != obs["label"]:
                labels.append(obs["label"])
            if on_observe:
                on_observe(obs)
            if done(obs["state"]):
                break
            check(time.monotonic() - started < deadline, f"{name}: not done after {deadline:.0f} s; last state {obs['state']}")
            time.sleep(POLL_S)
        self.phases.append({"name": name, "t0": t0, "t1": time.time(), "labels": labels, "final": obs["state"]})
        return obs["state"], labels

    def dwell(self, name, seconds):
        t0 = time.time()
        first = self.observe()
        while time.time() - t0 < seconds:
            time.sleep(POLL_S)
            obs = self.observe()
            check(obs["label"] == first["label"], f"{name}: state changed on its own from {first['label']!r} to {obs['label']!r}")
        self.phases.append({"name": name, "t0": t0, "t1": time.time(), "labels": [first["label"]], "final": first["state"]})

    # ---- setup -------------------------------------------------------------------------------

    def create_models(self):
        urls = {1: (IMAGE_1, self.args.model_url), 2: (IMAGE_2, self.args.model_url2), 0: (IMAGE_1, self.args.bad_model_url)}
        for index, (image, url) in urls.items():
            self.sm.create_model(
                ModelName=f"{self.name}-m{index}",
                ExecutionRoleArn=ROLE,
                PrimaryContainer={"Image": image, "ModelDataUrl": url})
        for config, variants in CONFIGS.items():
            self.sm.create_endpoint_config(
                EndpointConfigName=config,
                ProductionVariants=[
                    {
                        "VariantName": variant,
                        "ModelName": f"{self.name}-m{model}",
                        "InstanceType": "ml.m5.xlarge",
                        "InitialInstanceCount": count,
                        "InitialVariantWeight": weight,
                    }
                    for variant, model, weight, count in variants
                ])
            for variant, model, _, _ in variants:
                self.variants[variant] = {"model": model, "config": config}

    def put_alarm(self):
        self.cw.put_metric_alarm(
            AlarmName=ALARM,
            AlarmDescription="rollout e2e: 5xx from the doomed canary",
            Namespace="AWS/SageMaker",
            MetricName="Invocation5XXErrors",
            Dimensions=[{"Name": "EndpointName", "Value": self.name}, {"Name": "VariantName", "Value": "Doomed1"}],
            Statistic="Sum",
            Period=60,
            EvaluationPeriods=1,
            Threshold=0,
            ComparisonOperator="GreaterThanThreshold",
            TreatMissingData="notBreaching")
        alarm = self.cw.describe_alarms(AlarmNames=[ALARM])["MetricAlarms"]
        check(len(alarm) == 1, f"describe_alarms returned {alarm}")
        check(alarm[0]["StateValue"] != "ALARM", f"{ALARM} is in ALARM before anything happened: {alarm[0]}")
        step(f"alarm {ALARM}: {alarm[0]['StateValue']}")

    def start_loads(self):
        open(os.path.join(self.args.work_dir, "ready"), "w").close()
        deadline = time.monotonic() + 90
        files = [os.path.join(self.args.work_dir, f"load-{i}.jsonl") for i in range(1, self.args.loads + 1)]
        while True:
            started = [f for f in files if os.path.exists(f) and os.path.getsize(f) > 0]
            if len(started) == len(files):
                break
            check(time.monotonic() < deadline, f"load clients did not start within 90 s: {len(started)}/{len(files)} answered")
            self.observe()
            time.sleep(POLL_S)
        step(f"{len(files)} load clients are invoking")
        return files

    def stop_loads(self, files):
        open(os.path.join(self.args.work_dir, "stop"), "w").close()
        deadline = time.monotonic() + 60
        while True:
            finished = 0
            for f in files:
                with open(f) as handle:
                    lines = handle.read().splitlines()
                if lines and '"done": true' in lines[-1]:
                    finished += 1
            if finished == len(files):
                break
            check(time.monotonic() < deadline, f"load clients did not stop within 60 s: {finished}/{len(files)}")
            time.sleep(0.1)
        step("load clients stopped")

    # ---- the flow ----------------------------------------------------------------------------

    def in_service_on(self, config, extra=lambda s: True):
        return lambda s: s["status"] == "InService" and s["pending"] is None and s["config"] == config and extra(s)

    @staticmethod
    def check_config(state, config):
        """The live variants are the config's, at its weights and instance counts, settled."""
        got = sorted((v["name"], v["cw"], v["dw"], v["ci"], v["di"]) for v in state["variants"])
        want = sorted((name, weight, weight, count, count) for name, _, weight, count in CONFIGS[config])
        check(got == want, f"{config}: DescribeEndpoint reports {got}, the config says {want}")
        check(all(not v["status"] for v in state["variants"]), f"{config}: settled variants still carry a VariantStatus: {state['variants']}")

    def run(self):
        step(f"driver: boto3 {boto3.__version__} botocore {botocore.__version__} {sys.executable}")
        self.create_models()
        self.put_alarm()

        step("create_endpoint rollout-cfg-0")
        self.sm.create_endpoint(EndpointName=self.name, EndpointConfigName="rollout-cfg-0")
        deadline = time.monotonic() + 90
        while True:
            state = self.observe()["state"]
            if state["status"] != "Creating":
                break
            check(time.monotonic() < deadline, "endpoint still Creating after 90 s")
            time.sleep(POLL_S)
        check(state["status"] == "InService", f"create_endpoint ended as {state}")
        self.check_config(state, "rollout-cfg-0")
        files = self.start_loads()
        self.flow()
        self.stop_loads(files)
        self.observe()
        self.collect()

    def flow(self):
        self.dwell("initial 50/50", 4)

        def weights_are(w1, w2, count=None):
            def ok(s):
                v = {x["name"]: x for x in s["variants"]}
                return (v["Variant1"]["cw"] == w1 and v["Variant2"]["cw"] == w2
                        and (count is None or all(x["ci"] == count and x["di"] == count for x in v.values())))
            return ok

        self.change(
            "weights 25/75",
            lambda: self.sm.update_endpoint_weights_and_capacities(EndpointName=self.name, DesiredWeightsAndCapacities=[
                {"VariantName": "Variant1", "DesiredWeight": 25}, {"VariantName": "Variant2", "DesiredWeight": 75}]),
            self.in_service_on("rollout-cfg-0", weights_are(25.0, 75.0)))
        self.dwell("steady 25/75", 4)

        for count in (3, 1):
            self.change(
                f"instances -> {count}",
                lambda count=count: self.sm.update_endpoint_weights_and_capacities(EndpointName=self.name, DesiredWeightsAndCapacities=[
                    {"VariantName": "Variant1", "DesiredInstanceCount": count}, {"VariantName": "Variant2", "DesiredInstanceCount": count}]),
                self.in_service_on("rollout-cfg-0", weights_are(25.0, 75.0, count)))
            self.dwell(f"steady 25/75 x{count}", 3)

        self.change(
            "all at once -> rollout-cfg-blue",
            lambda: self.sm.update_endpoint(EndpointName=self.name, EndpointConfigName="rollout-cfg-blue"),
            self.in_service_on("rollout-cfg-blue"))
        self.check_config(self.observations[-1]["state"], "rollout-cfg-blue")
        self.dwell("steady blue", 4)

        _, labels = self.change(
            "canary 20% -> rollout-cfg-canary",
            lambda: self.sm.update_endpoint(EndpointName=self.name, EndpointConfigName="rollout-cfg-canary", DeploymentConfig={
                "BlueGreenUpdatePolicy": {
                    "TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 20}, "WaitIntervalInSeconds": 4},
                    "TerminationWaitInSeconds": 2,
                }}),
            self.in_service_on("rollout-cfg-canary"))
        self.expect_phases("canary", labels, ["ActivatingTraffic rollout-cfg-canary 0.2", "Baking rollout-cfg-canary"])
        self.check_config(self.observations[-1]["state"], "rollout-cfg-canary")
        described = self.describe()
        check(described.get("LastDeploymentConfig", {}).get("BlueGreenUpdatePolicy", {}).get("TrafficRoutingConfiguration", {}).get("Type") == "CANARY",
              f"LastDeploymentConfig after the canary: {described.get('LastDeploymentConfig')}")
        self.dwell("steady canary config", 3)

        _, labels = self.change(
            "linear 50% -> rollout-cfg-linear",
            lambda: self.sm.update_endpoint(EndpointName=self.name, EndpointConfigName="rollout-cfg-linear", DeploymentConfig={
                "BlueGreenUpdatePolicy": {
                    "TrafficRoutingConfiguration": {"Type": "LINEAR", "LinearStepSize": {"Type": "CAPACITY_PERCENT", "Value": 50}, "WaitIntervalInSeconds": 3},
                }}),
            self.in_service_on("rollout-cfg-linear"))
        self.expect_phases("linear", labels, ["ActivatingTraffic rollout-cfg-linear 0.5", "Baking rollout-cfg-linear"])
        self.check_config(self.observations[-1]["state"], "rollout-cfg-linear")
        self.dwell("steady linear config", 3)

        self.alarm_rollback()
        self.dwell("steady after alarm rollback", 3)

        state, labels = self.change(
            "unloadable model -> rollout-cfg-bad",
            lambda: self.sm.update_endpoint(EndpointName=self.name, EndpointConfigName="rollout-cfg-bad"),
            self.in_service_on("rollout-cfg-linear", lambda s: s["failure"] is not None))
        check("Stillborn2" in state["failure"], f"FailureReason does not name the variant whose model failed: {state['failure']!r}")
        self.check_config(state, "rollout-cfg-linear")
        check(not any(label.startswith(("ActivatingTraffic", "Baking", "Draining")) for label in labels),
              f"traffic moved towards the unloadable model: {labels}")
        self.dwell("steady after failed update", 3)

    def alarm_rollback(self):
        activating = {}

        def on_observe(obs):
            if not obs["label"].startswith("ActivatingTraffic rollout-cfg-doomed"):
                return
            now = time.time()
            activating.setdefault("since", now)
            # Let the canary take traffic for a moment, then force the alarm. The evaluation loop may put it
            # back to OK before the deployment polls it (SetAlarmState lasts until the next evaluation, as in
            # CloudWatch), so it is forced again if the canary is still running two seconds later.
            if now - activating["since"] >= 1.5 and now - activating.get("set", 0) >= 2.0:
                check(activating.get("attempts", 0) < 4, "the deployment ignored the alarm four times")
                self.cw.set_alarm_state(AlarmName=ALARM, StateValue="ALARM", StateReason="rollout e2e: forced during the canary")
                activating["set"] = time.time()
                activating["attempts"] = activating.get("attempts", 0) + 1
                self.alarm.setdefault("set_at", []).append(activating["set"])
                step(f"  set_alarm_state {ALARM} ALARM (attempt {activating['attempts']})")

        state, labels = self.change(
            "canary with alarm -> rollout-cfg-doomed",
            lambda: self.sm.update_endpoint(EndpointName=self.name, EndpointConfigName="rollout-cfg-doomed", DeploymentConfig={
                "BlueGreenUpdatePolicy": {
                    "TrafficRoutingConfiguration": {"Type": "CANARY", "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 20}, "WaitIntervalInSeconds": 15},
                },
                "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": ALARM}]}}),
            self.in_service_on("rollout-cfg-linear", lambda s: s["failure"] is not None),
            on_observe=on_observe)
        check("set_at" in self.alarm, f"the canary never showed ActivatingTraffic: {labels}")
        self.alarm["rolled_back_at"] = self.phases[-1]["t1"]
        self.alarm["labels"] = labels
        check(ALARM in state["failure"], f"FailureReason does not name the alarm: {state['failure']!r}")
        self.check_config(state, "rollout-cfg-linear")
        check(not any(label.startswith(("Baking", "Draining")) for label in labels), f"the doomed canary went past its canary step: {labels}")
        history = self.cw.describe_alarm_history(AlarmName=ALARM, HistoryItemType="StateUpdate")["AlarmHistoryItems"]
        self.alarm["history"] = [h["HistorySummary"] for h in history]
        check(any("to ALARM" in h["HistorySummary"] for h in history), f"alarm history has no transition to ALARM: {self.alarm['history']}")
        step(f"  rolled back {self.alarm['rolled_back_at'] - self.alarm['set_at'][-1]:.2f} s after the last set_alarm_state: {state['failure']}")

    @staticmethod
    def expect_phases(what, labels, expected):
        for label in expected:
            check(label in labels, f"{what}: DescribeEndpoint never reported {label!r}; it reported {labels}")
        positions = [labels.index(label) for label in expected]
        check(positions == sorted(positions), f"{what}: phases out of order: {labels}")

    def collect(self):
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        start = datetime.fromtimestamp(self.started_wall, timezone.utc).replace(tzinfo=None) - timedelta(minutes=5)
        sums = {}
        for variant in self.variants:
            stats = self.cw.get_metric_statistics(
                Namespace="AWS/SageMaker", MetricName="Invocations", StartTime=start, EndTime=now + timedelta(minutes=2),
                Period=60, Statistics=["Sum"],
                Dimensions=[{"Name": "EndpointName", "Value": self.name}, {"Name": "VariantName", "Value": variant}])
            sums[variant] = sum(dp["Sum"] for dp in stats["Datapoints"])
        step(f"CloudWatch Invocations: {sums}")
        final = self.describe()
        report = {
            "endpoint": self.name,
            "driver": f"boto3 {boto3.__version__} botocore {botocore.__version__} {sys.executable}",
            "variants": self.variants,
            "observations": self.observations,
            "phases": self.phases,
            "alarm": self.alarm,
            "cloudwatch": sums,
            "final": self.summarise(final),
        }
        with open(self.args.report, "w") as f:
            json.dump(report, f, default=str)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--endpoint-name", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--report", required=True)
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--model-url", required=True)
    parser.add_argument("--model-url2", required=True)
    parser.add_argument("--bad-model-url", required=True)
    args = parser.parse_args()
    driver = Driver(args)
    try:
        driver.run()
    except CheckFailed as e:
        step(f"FAIL: {e}")
        return 1
    finally:
        # Whatever happened, the load clients stop.
        open(os.path.join(args.work_dir, "stop"), "w").close()
    step("PASS: rollout flow")
    return 0


if __name__ == "__main__":
    sys.exit(main())
