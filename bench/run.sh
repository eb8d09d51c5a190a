#!/usr/bin/env bash
# End-to-end load benchmark (bench/README.md): Kestrel ceiling, the SageMaker XGBoost container's stack
# (Flask + gunicorn), and Turnout, driven by wrk over loopback on this machine in one run.
#   bench/run.sh [--smoke] [--duration S] [--repeats N] [--connections 1,16,64] [--payloads row,batch]
#                [--pin] [--no-build] [--out FILE] ...      (bench/run.sh --help for all options)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=1
configuration=Release
args=()
while (($#)); do
  case "$1" in
    --no-build) build=0 ;;
    -h|--help) exec /usr/bin/python3 bench/load/driver.py --help ;;
    --configuration) configuration="$2"; args+=("$1" "$2"); shift ;;
    *) args+=("$1") ;;
  esac
  shift
done

for tool in wrk gunicorn; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed (apt-get install wrk gunicorn python3-flask python3-xgboost)" >&2; exit 2; }
done

if ((build)); then
  for project in src/Turnout bench/Ceiling; do
    dotnet build -c "$configuration" --nologo -v quiet "$project" >&2
  done
fi

# Debian's python: it has xgboost, flask and gunicorn's libraries.
exec /usr/bin/python3 bench/load/driver.py "${args[@]}"
