#!/usr/bin/env bash
# The A/B notebook's flow through the AWS CLI (v2 or v1; Debian's v2 by default): create models, config and
# endpoint, invoke (weighted and --target-variant), read CloudWatch Invocations, shift weights to 0/1,
# delete. Every response body is checked against libxgboost's prediction for the row sent.
#
# Environment: ENDPOINT_URL (required), EXAMPLES_DIR (examples/churn-ab), EXPECTED
# (expected_predictions.csv), WORK_DIR (scratch), AWS (CLI binary, default /usr/bin/aws),
# MODEL_URL1/MODEL_URL2, plus dummy AWS credentials and AWS_DEFAULT_REGION.
set -euo pipefail

AWS="${AWS:-/usr/bin/aws}"
: "${ENDPOINT_URL:?set ENDPOINT_URL}" "${EXAMPLES_DIR:?set EXAMPLES_DIR}" "${EXPECTED:?set EXPECTED}"
WORK_DIR="${WORK_DIR:-$(mktemp -d)}"
MODEL_URL1="${MODEL_URL1:-s3://turnout-examples/churn-ab/model.tar.gz}"
MODEL_URL2="${MODEL_URL2:-s3://turnout-examples/churn-ab/model2.tar.gz}"
ROLE="arn:aws:iam::123456789012:role/Turnout"
IMAGE1="683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-1-cpu-py3"
IMAGE2="683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-2-cpu-py3"
INPUT="$EXAMPLES_DIR/test_data/test-dataset-input-cols.csv"
TS="$(date +%Y-%m-%d-%H-%M-%S)"
MODEL1="DEMO-cli-churn-pred-$TS"
MODEL2="DEMO-cli-churn-pred2-$TS"
EP="DEMO-cli-churn-pred-$TS"
DEADLINE_S=60

T0=$SECONDS
step() { printf '[%4ds] %s\n' $((SECONDS - T0)) "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
aws_() { "$AWS" --endpoint-url "$ENDPOINT_URL" "$@"; }

# Polls `describe-endpoint` until the status is $1, within DEADLINE_S (the CLI waiter sleeps 30 s per poll).
wait_status() {
  local want="$1" start=$SECONDS status
  while true; do
    status="$(aws_ sagemaker describe-endpoint --endpoint-name "$EP" --query EndpointStatus --output text)"
    [[ "$status" == "$want" ]] && return 0
    [[ "$status" == "Failed" ]] && fail "endpoint $EP is Failed"
    (( SECONDS - start < DEADLINE_S )) || fail "endpoint $EP still $status after ${DEADLINE_S}s (wanted $want)"
    sleep 0.2
  done
}

# expected LINE VARIANT -> libxgboost's prediction for line LINE of the input file.
expected() {
  local col=2
  [[ "$2" == "Variant2" ]] && col=3
  awk -F, -v n="$1" -v c="$col" 'NR == n + 1 { print $c; exit }' "$EXPECTED"
}

declare -A SERVED=([Variant1]=0 [Variant2]=0)

# invoke LINE [TARGET] -> prints the variant that served the row; checks the body's prediction.
invoke() {
  local line="$1" target="${2:-}" printed variant body want
  printf '%s' "$(sed -n "${line}p" "$INPUT")" >"$WORK_DIR/row.csv"
  local args=(sagemaker-runtime invoke-endpoint --endpoint-name "$EP" --content-type text/csv
              --body "fileb://$WORK_DIR/row.csv")
  [[ -n "$target" ]] && args+=(--target-variant "$target")
  printed="$(aws_ "${args[@]}" "$WORK_DIR/out.txt")"
  variant="$(sed -n 's/.*"InvokedProductionVariant": *"\([^"]*\)".*/\1/p' <<<"$printed")"
  [[ "$variant" == Variant1 || "$variant" == Variant2 ]] || fail "line $line: no InvokedProductionVariant in: $printed"
  [[ -z "$target" || "$variant" == "$target" ]] || fail "line $line: --target-variant $target served by $variant"
  body="$(cat "$WORK_DIR/out.txt")"
  [[ "$body" =~ ^-?[0-9.]+([eE][-+]?[0-9]+)?$ ]] || fail "line $line: body is not one number: '$body'"
  want="$(expected "$line" "$variant")"
  awk -v a="$body" -v b="$want" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-6) }' \
    || fail "line $line: $variant predicted $body, libxgboost gives $want"
  SERVED[$variant]=$(( ${SERVED[$variant]} + 1 ))
  LAST_VARIANT="$variant"
}

# metric_sum VARIANT -> Sum of Invocations over the last hour; checks every datapoint has Timestamp/Sum/Unit.
metric_sum() {
  local out bad sum
  out="$(aws_ cloudwatch get-metric-statistics --namespace AWS/SageMaker --metric-name Invocations \
    --start-time "$(date -u -d '-60 min' +%Y-%m-%dT%H:%M:%SZ)" --end-time "$(date -u -d '+1 min' +%Y-%m-%dT%H:%M:%SZ)" \
    --period 60 --statistics Sum \
    --dimensions Name=EndpointName,Value="$EP" Name=VariantName,Value="$1" \
    --query '[length(Datapoints[?Timestamp == `null` || Sum == `null` || Unit == `null`]), sum(Datapoints[].Sum)]' \
    --output text)"
  read -r bad sum <<<"$out"
  [[ "$bad" == 0 ]] || fail "$bad CloudWatch datapoints for $1 lack Timestamp, Sum or Unit"
  awk -v s="$sum" 'BEGIN { printf "%d\n", s }'
}

# Metrics may land shortly after the invocations: poll within a deadline, never accepting more than sent.
check_metrics() {
  local start=$SECONDS s1 s2
  while true; do
    s1="$(metric_sum Variant1)"; s2="$(metric_sum Variant2)"
    (( s1 <= SERVED[Variant1] && s2 <= SERVED[Variant2] )) \
      || fail "CloudWatch Invocations $s1/$s2 exceed the invocations sent ${SERVED[Variant1]}/${SERVED[Variant2]}"
    if (( s1 == SERVED[Variant1] && s2 == SERVED[Variant2] )); then
      step "  Invocations Sum: Variant1 $s1, Variant2 $s2"
      return 0
    fi
    (( SECONDS - start < 20 )) || fail "CloudWatch Invocations $s1/$s2 != sent ${SERVED[Variant1]}/${SERVED[Variant2]} after 20s"
    sleep 0.5
  done
}

mkdir -p "$WORK_DIR"
step "$("$AWS" --version 2>&1), endpoint $ENDPOINT_URL"

step "create-model x2"
aws_ sagemaker create-model --model-name "$MODEL1" --execution-role-arn "$ROLE" \
  --primary-container "Image=$IMAGE1,ModelDataUrl=$MODEL_URL1" --output json
aws_ sagemaker create-model --model-name "$MODEL2" --execution-role-arn "$ROLE" \
  --primary-container "{\"Image\": \"$IMAGE2\", \"ModelDataUrl\": \"$MODEL_URL2\"}" --output json

step "describe-endpoint-config of a missing config fails with ValidationException"
if err="$(aws_ sagemaker describe-endpoint-config --endpoint-config-name "$EP" 2>&1)"; then
  fail "describe-endpoint-config of a missing config succeeded: $err"
fi
[[ "$err" == *"(ValidationException)"*"Could not find"* ]] || fail "unexpected error: $err"

step "create-endpoint-config (Variant1/Variant2, weights 1/1) and create-endpoint"
aws_ sagemaker create-endpoint-config --endpoint-config-name "$EP" --output json --production-variants \
  "VariantName=Variant1,ModelName=$MODEL1,InitialInstanceCount=1,InstanceType=ml.m5.xlarge,InitialVariantWeight=1" \
  "VariantName=Variant2,ModelName=$MODEL2,InitialInstanceCount=1,InstanceType=ml.m5.xlarge,InitialVariantWeight=1"
aws_ sagemaker create-endpoint --endpoint-name "$EP" --endpoint-config-name "$EP" --output json
wait_status InService
# Returns at its first (immediate) poll now that the endpoint is InService.
aws_ sagemaker wait endpoint-in-service --endpoint-name "$EP"
step "  InService"

step "invoke-endpoint: 12 rows, weighted"
for line in $(seq 323 334); do invoke "$line"; done
step "  served: Variant1 ${SERVED[Variant1]}, Variant2 ${SERVED[Variant2]}"

step "invoke-endpoint --target-variant"
for target in Variant1 Variant2; do
  for line in 330 331 332; do invoke "$line" "$target"; done
done

step "cloudwatch get-metric-statistics"
check_metrics

step "update-endpoint-weights-and-capacities 0/1"
aws_ sagemaker update-endpoint-weights-and-capacities --endpoint-name "$EP" --output json \
  --desired-weights-and-capacities VariantName=Variant1,DesiredWeight=0 VariantName=Variant2,DesiredWeight=1
wait_status InService
weights="$(aws_ sagemaker describe-endpoint --endpoint-name "$EP" \
  --query 'ProductionVariants[].[VariantName, CurrentWeight]' --output text | sort)"
awk -F'\t' '$1 == "Variant1" && $2 == 0 { a = 1 } $1 == "Variant2" && $2 == 1 { b = 1 } END { exit !(a && b && NR == 2) }' \
  <<<"$weights" || fail "CurrentWeight after update: $weights"
step "  CurrentWeight: $(tr '\t\n' '= ' <<<"$weights")"
for line in $(seq 325 330); do
  invoke "$line"
  [[ "$LAST_VARIANT" == Variant2 ]] || fail "weight 0 Variant1 served line $line"
done
step "  all 6 served by Variant2"
check_metrics

step "delete-endpoint"
aws_ sagemaker delete-endpoint --endpoint-name "$EP"
start=$SECONDS
while err="$(aws_ sagemaker describe-endpoint --endpoint-name "$EP" --query EndpointStatus --output text 2>&1)"; do
  [[ "$err" == Deleting ]] || fail "describe-endpoint after delete says $err"
  (( SECONDS - start < DEADLINE_S )) || fail "endpoint still Deleting after ${DEADLINE_S}s"
  sleep 0.2
done
[[ "$err" == *"(ValidationException)"*"Could not find endpoint"* ]] || fail "describe of a deleted endpoint: $err"
aws_ sagemaker wait endpoint-deleted --endpoint-name "$EP"

step "delete-endpoint-config, delete-model x2"
aws_ sagemaker delete-endpoint-config --endpoint-config-name "$EP"
aws_ sagemaker delete-model --model-name "$MODEL1"
aws_ sagemaker delete-model --model-name "$MODEL2"
left="$(aws_ sagemaker list-models --query 'Models[].ModelName' --output text)"
[[ "$left" != *"$MODEL1"* && "$left" != *"$MODEL2"* ]] || fail "deleted models still listed: $left"

step "PASS: cli flow; served Variant1 ${SERVED[Variant1]}, Variant2 ${SERVED[Variant2]}"
