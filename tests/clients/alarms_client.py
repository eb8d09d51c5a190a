"""Drives CloudWatch alarm calls against Turnout with whichever boto3 runs it; prints a JSON report.

usage: alarms_client.py ENDPOINT_URL [--protocol smithy-rpc-v2-cbor]
"""
import json
import sys

import boto3
import botocore
from botocore.exceptions import ClientError

url = sys.argv[1]
protocol = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--protocol" else None
cw = boto3.client("cloudwatch", endpoint_url=url, region_name="us-east-1")
if protocol:
    cw.meta.service_model.metadata["protocol"] = protocol
    cw = boto3.client("cloudwatch", endpoint_url=url, region_name="us-east-1")
report = {"botocore": botocore.__version__}

cw.put_metric_alarm(
    AlarmName="churn-5xx", AlarmDescription="Variant2 server errors",
    Namespace="AWS/SageMaker", MetricName="Invocation5XXErrors", Statistic="Sum",
    Dimensions=[{"Name": "EndpointName", "Value": "churn"}, {"Name": "VariantName", "Value": "Variant2"}],
    Period=60, EvaluationPeriods=2, DatapointsToAlarm=1, Threshold=1.0,
    ComparisonOperator="GreaterThanOrEqualToThreshold", TreatMissingData="notBreaching")
alarm = cw.describe_alarms(AlarmNames=["churn-5xx"])["MetricAlarms"][0]
report["created"] = {k: alarm[k] for k in ("AlarmName", "StateValue", "Threshold", "ComparisonOperator", "EvaluationPeriods", "TreatMissingData")}
report["arn"] = alarm["AlarmArn"]

cw.set_alarm_state(AlarmName="churn-5xx", StateValue="ALARM", StateReason="testing the rollback")
report["alarming"] = [a["AlarmName"] for a in cw.describe_alarms(StateValue="ALARM")["MetricAlarms"]]
history = cw.describe_alarm_history(AlarmName="churn-5xx")["AlarmHistoryItems"]
report["history"] = [h["HistoryItemType"] for h in history]
report["history_timestamp_type"] = type(history[0]["Timestamp"]).__name__

try:
    cw.set_alarm_state(AlarmName="no-such-alarm", StateValue="OK", StateReason="x")
    report["missing_error"] = None
except ClientError as e:
    report["missing_error"] = e.response["Error"]["Code"]

try:
    cw.put_metric_alarm(AlarmName="bad", Namespace="AWS/SageMaker", MetricName="Invocations", Statistic="Median",
                        Period=60, EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanThreshold")
    report["invalid_error"] = None
except ClientError as e:
    report["invalid_error"] = e.response["Error"]["Code"]

cw.delete_alarms(AlarmNames=["churn-5xx"])
report["after_delete"] = len(cw.describe_alarms()["MetricAlarms"])
print(json.dumps(report))
