"""End-to-end load benchmark: Kestrel ceiling, the SageMaker XGBoost container's stack, Turnout.

Started by bench/run.sh (see bench/README.md). Runs every server on this machine, drives loopback traffic
with wrk, repeats each point and keeps the median, and writes one JSON file. Targets are interleaved
within each repeat so that machine noise hits them alike and the ratios stay honest.
"""
import argparse
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MODELS = {
    "churn-a": os.path.join(ROOT, "examples", "churn-ab", "model", "xgb-churn-prediction-model.tar.gz"),
    "churn-b": os.path.join(ROOT, "examples", "churn-ab", "model", "xgb-churn-prediction-model2.tar.gz"),
}
ROWS = os.path.join(ROOT, "examples", "churn-ab", "test_data", "test-dataset-input-cols.csv")
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-1-cpu-py3"
TARGETS = ["ceiling", "peer", "turnout-one", "turnout-two", "turnout-capture"]
TURNOUT_ENDPOINTS = {"turnout-one": "bench-one", "turnout-two": "bench-two", "turnout-capture": "bench-capture"}
PAYLOADS = {"row": 1, "batch": 100}
CLK_TCK = os.sysconf("SC_CLK_TCK")


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench/run.sh", description=__doc__.splitlines()[0])
    p.add_argument("--duration", type=int, default=10, help="seconds per measured point (default 10)")
    p.add_argument("--repeats", type=int, default=3, help="runs per point; the median is reported (default 3)")
    p.add_argument("--connections", default="1,16,64", help="comma-separated wrk connection counts (default 1,16,64)")
    p.add_argument("--payloads", default="row,batch", help="row (1 CSV row) and/or batch (100 rows) (default both)")
    p.add_argument("--targets", default=",".join(TARGETS), help="subset of " + ",".join(TARGETS))
    p.add_argument("--warmup", type=int, default=10, help="seconds of warm-up per target and payload (default 10: tiered JIT must finish)")
    p.add_argument("--rss-duration", type=int, default=60, help="seconds of the steady-RSS run (0: skip; default 60)")
    p.add_argument("--wrk-threads", type=int, default=1, help="wrk threads (default 1: leaves the cores to the server)")
    p.add_argument("--pin", action="store_true", help="pin servers to CPU 0 and wrk to CPU 1 (taskset)")
    p.add_argument("--configuration", default="Release", help="build configuration of the .NET servers")
    p.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "latest.json"), help="JSON output file")
    p.add_argument("--smoke", action="store_true", help="a few seconds in all: 1 s points, 1 repeat, 1 and 16 connections")
    a = p.parse_args(argv)
    if a.smoke:
        a.duration, a.repeats, a.connections, a.warmup, a.rss_duration = 1, 1, "1,16", 0, 2
    a.connections = [int(c) for c in a.connections.split(",") if c]
    a.payloads = [x for x in a.payloads.split(",") if x]
    a.targets = [x for x in a.targets.split(",") if x]
    for x in a.payloads:
        if x not in PAYLOADS:
            p.error(f"unknown payload {x!r}: use row or batch")
    for x in a.targets:
        if x not in TARGETS:
            p.error(f"unknown target {x!r}: use " + ", ".join(TARGETS))
    return a


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, headers=None, timeout=10):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def wait_until(what, check, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"timed out after {seconds} s waiting for {what}")


def descendants(pid):
    """pid and all its descendants (gunicorn's workers), from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def cpu_seconds(pids):
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / CLK_TCK


def rss_bytes(pids):
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


class Server:
    def __init__(self, name, cmd, env, port, ready_path, workdir, pin):
        self.name, self.port = name, port
        self.base = f"http://127.0.0.1:{port}"
        if pin:
            cmd = ["taskset", "-c", "0"] + cmd
        self.log_path = os.path.join(workdir, f"{name}.log")
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, env=env, stdout=self._log, stderr=subprocess.STDOUT, cwd=workdir,
                                     start_new_session=True)
        self.ready_path = ready_path

    def wait_ready(self, seconds=120):
        def check():
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; see {self.log_path}:\n" + self.tail())
            return http("GET", self.base + self.ready_path, timeout=2)[0] == 200
        wait_until(f"{self.name} on {self.base}", check, seconds)

    def pids(self):
        return descendants(self.proc.pid)

    def tail(self):
        with open(self.log_path, "rb") as f:
            return f.read()[-3000:].decode("utf-8", "replace")

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._log.close()


def dotnet():
    return os.environ.get("DOTNET_HOST_PATH") or shutil.which("dotnet") or "dotnet"


def start_servers(a, work):
    env = dict(os.environ)
    servers = {}
    if "ceiling" in a.targets:
        port = free_port()
        dll = os.path.join(ROOT, "bench", "Ceiling", "bin", a.configuration, "net10.0", "ceiling.dll")
        servers["ceiling"] = Server("ceiling", [dotnet(), dll, "--urls", f"http://127.0.0.1:{port}"], env, port, "/", work, a.pin)
    if "peer" in a.targets:
        port = free_port()
        penv = dict(env, OMP_NUM_THREADS="1", BENCH_MODEL_TARBALL=MODELS["churn-a"], PYTHONDONTWRITEBYTECODE="1")
        gunicorn = shutil.which("gunicorn") or "/usr/bin/gunicorn"
        cmd = [gunicorn, "--workers", "2", "--bind", f"127.0.0.1:{port}", "--chdir", os.path.join(ROOT, "bench", "peer"),
               "--timeout", "120", "--log-level", "warning", "serve:app"]
        servers["peer"] = Server("peer", cmd, penv, port, "/ping", work, a.pin)
    if any(t.startswith("turnout") for t in a.targets):
        port = free_port()
        dll = os.path.join(ROOT, "src", "Turnout", "bin", a.configuration, "net10.0", "turnout.dll")
        cmd = [dotnet(), dll, "serve", "--urls", f"http://127.0.0.1:{port}", "--data-dir", os.path.join(work, "turnout-data"),
               "--log-level", "Warning"]
        servers["turnout"] = Server("turnout", cmd, env, port, "/ping", work, a.pin)
    for s in servers.values():
        s.wait_ready()
        log(f"{s.name} ready on {s.base} (pid {s.proc.pid})")
    return servers


def sagemaker(base, op, payload):
    status, body = http("POST", base + "/", json.dumps(payload).encode(),
                        {"X-Amz-Target": f"SageMaker.{op}", "Content-Type": "application/x-amz-json-1.1"})
    if status != 200:
        raise RuntimeError(f"{op} failed with {status}: {body[:500]!r}")
    return json.loads(body or b"{}")


def deploy_turnout(base, work, targets):
    role = "arn:aws:iam::123456789012:role/Turnout"
    for name, tarball in MODELS.items():
        sagemaker(base, "CreateModel", {"ModelName": name, "ExecutionRoleArn": role,
                                        "PrimaryContainer": {"Image": IMAGE, "ModelDataUrl": "file://" + tarball}})

    def variant(name, model):
        return {"VariantName": name, "ModelName": model, "InstanceType": "ml.m5.xlarge", "InitialInstanceCount": 1,
                "InitialVariantWeight": 1}

    configs = {
        "bench-one": {"ProductionVariants": [variant("Variant1", "churn-a")]},
        "bench-two": {"ProductionVariants": [variant("Variant1", "churn-a"), variant("Variant2", "churn-b")]},
        "bench-capture": {"ProductionVariants": [variant("Variant1", "churn-a")],
                          "DataCaptureConfig": {"EnableCapture": True, "InitialSamplingPercentage": 100,
                                                "DestinationS3Uri": "file://" + os.path.join(work, "capture"),
                                                "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}]}},
    }
    wanted = [TURNOUT_ENDPOINTS[t] for t in targets if t in TURNOUT_ENDPOINTS]
    for name in wanted:
        sagemaker(base, "CreateEndpointConfig", dict(EndpointConfigName=name, **configs[name]))
        sagemaker(base, "CreateEndpoint", {"EndpointName": name, "EndpointConfigName": name})
    for name in wanted:
        def in_service(n=name):
            st = sagemaker(base, "DescribeEndpoint", {"EndpointName": n})["EndpointStatus"]
            if st == "Failed":
                raise RuntimeError(f"endpoint {n} failed to deploy")
            return st == "InService"
        wait_until(f"endpoint {name} InService", in_service, 120)
    log("turnout endpoints in service: " + ", ".join(wanted))


def url_of(target, servers):
    if target == "ceiling":
        return servers["ceiling"].base + "/invocations"
    if target == "peer":
        return servers["peer"].base + "/invocations"
    return servers["turnout"].base + f"/endpoints/{TURNOUT_ENDPOINTS[target]}/invocations"


def server_of(target, servers):
    return servers["turnout"] if target.startswith("turnout") else servers[target]


def turnout_counters(server):
    """Allocated bytes and GC counts from Turnout's Prometheus scrape."""
    status, body = http("GET", server.base + "/metrics")
    out = {}
    if status == 200:
        for line in body.decode().splitlines():
            if line.startswith("dotnet_gc_allocated_bytes_total "):
                out["allocated"] = float(line.split()[1])
            elif line.startswith("dotnet_gc_collections_total{"):
                gen = line.split('generation="')[1].split('"')[0]
                out[f"gen{gen}"] = float(line.split()[-1])
    return out


def wrk(a, url, payload, connections, seconds):
    threads = max(1, min(a.wrk_threads, connections))
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
           "-s", os.path.join(HERE, "invoke.lua"), url, "--", ROWS, str(PAYLOADS[payload])]
    if a.pin:
        cmd = ["taskset", "-c", "1"] + cmd
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    lines = [line for line in r.stdout.splitlines() if line.startswith("{")]
    if r.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({r.returncode}): {r.stdout[-2000:]} {r.stderr[-2000:]}")
    return json.loads(lines[-1])


def measure(a, target, servers, payload, connections, seconds):
    server = server_of(target, servers)
    pids = server.pids()
    counters = turnout_counters(server) if target.startswith("turnout") else None
    cpu0 = cpu_seconds(pids)
    res = wrk(a, url_of(target, servers), payload, connections, seconds)
    cpu1 = cpu_seconds(pids)
    n = res["requests"]
    secs = res["duration_us"] / 1e6
    e = res["errors"]
    run = {
        "rps": n / secs if secs else 0.0,
        "p50_us": res["latency_us"]["p50"], "p99_us": res["latency_us"]["p99"], "p999_us": res["latency_us"]["p999"],
        "mean_us": res["latency_us"]["mean"], "max_us": res["latency_us"]["max"],
        "requests": n, "errors": e["connect"] + e["read"] + e["write"] + e["status"] + e["timeout"], "error_detail": e,
        "server_cpu_seconds": round(cpu1 - cpu0, 3),
        "rss_mb": round(rss_bytes(pids) / 2**20, 1),
    }
    if counters is not None:
        after = turnout_counters(server)
        if "allocated" in counters and "allocated" in after and n:
            run["alloc_bytes_per_request"] = round((after["allocated"] - counters["allocated"]) / n, 1)
        run["gc"] = {k: after.get(k, 0) - counters.get(k, 0) for k in ("gen0", "gen1", "gen2")}
    return run


def median_of(runs):
    keys = ["rps", "p50_us", "p99_us", "p999_us", "mean_us", "server_cpu_seconds", "alloc_bytes_per_request"]
    out = {}
    for k in keys:
        vals = [r[k] for r in runs if k in r]
        if vals:
            out[k] = round(statistics.median(vals), 1)
    out["errors"] = sum(r["errors"] for r in runs)
    if out.get("server_cpu_seconds") and out.get("rps"):
        # Requests per second of server CPU: what one core would serve at this point.
        out["rps_per_cpu_second"] = round(statistics.median(
            [r["requests"] / r["server_cpu_seconds"] for r in runs if r["server_cpu_seconds"] > 0]), 1)
    return out


def steady_rss(a, servers):
    """A long single-row run against the two-variant endpoint, sampling Turnout's RSS every second."""
    server = servers["turnout"]
    target = "turnout-two" if "turnout-two" in a.targets else next(t for t in a.targets if t.startswith("turnout"))
    cmd_threads = max(1, min(a.wrk_threads, 64))
    cmd = ["wrk", "-t", str(cmd_threads), "-c", "64", "-d", f"{a.rss_duration}s", "--timeout", "10s",
           "-s", os.path.join(HERE, "invoke.lua"), url_of(target, servers), "--", ROWS, "1"]
    if a.pin:
        cmd = ["taskset", "-c", "1"] + cmd
    before = turnout_counters(server)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples, start = [], time.monotonic()
    while proc.poll() is None:
        samples.append({"t": round(time.monotonic() - start, 1), "rss_mb": round(rss_bytes([server.proc.pid]) / 2**20, 1)})
        time.sleep(1.0)
    out, err = proc.communicate()
    after = turnout_counters(server)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    res = json.loads(lines[-1]) if lines else {}
    mbs = [s["rss_mb"] for s in samples]
    # Steady state: after the first fifth (warm-up, pools filling); growth = last fifth's median minus that.
    k = max(1, len(mbs) // 5)
    steady = mbs[k:] or mbs
    first, last = statistics.median(steady[:k] or steady), statistics.median(steady[-k:])
    result = {
        "target": target, "connections": 64, "seconds": a.rss_duration, "samples": samples,
        "steady_start_mb": round(first, 1), "steady_end_mb": round(last, 1), "growth_mb": round(last - first, 1),
        "max_mb": max(mbs) if mbs else None,
        "requests": res.get("requests"),
        "gc": {k2: after.get(k2, 0) - before.get(k2, 0) for k2 in ("gen0", "gen1", "gen2")},
    }
    if res.get("requests") and "allocated" in before and "allocated" in after:
        result["alloc_bytes_per_request"] = round((after["allocated"] - before["allocated"]) / res["requests"], 1)
    return result


def ratio(x, y):
    return round(x / y, 3) if x is not None and y else None


def summarise(points, a):
    by = {(p["target"], p["payload"], p["connections"]): p["median"] for p in points}
    ratios = []
    for payload in a.payloads:
        for c in a.connections:
            one, two, cap = (by.get((t, payload, c)) for t in ("turnout-one", "turnout-two", "turnout-capture"))
            ceil, peer = by.get(("ceiling", payload, c)), by.get(("peer", payload, c))
            if not one:
                continue
            r = {"payload": payload, "connections": c}
            if peer:
                r["turnout_over_peer_rps"] = ratio(one["rps"], peer["rps"])
            if ceil:
                r["turnout_over_ceiling_rps"] = ratio(one["rps"], ceil["rps"])
                r["turnout_over_ceiling_p50"] = ratio(one["p50_us"], ceil["p50_us"])
                r["turnout_over_ceiling_p99"] = ratio(one["p99_us"], ceil["p99_us"])
            if two:
                r["two_variant_cost"] = round(1 - two["rps"] / one["rps"], 3)
            if cap:
                r["capture_cost"] = round(1 - cap["rps"] / one["rps"], 3)
            # The same comparisons in server CPU per request: far steadier than req/s on a shared machine.
            eff = one.get("rps_per_cpu_second")
            if eff:
                if ceil and ceil.get("rps_per_cpu_second"):
                    r["turnout_over_ceiling_cpu_efficiency"] = ratio(eff, ceil["rps_per_cpu_second"])
                if peer and peer.get("rps_per_cpu_second"):
                    r["turnout_over_peer_cpu_efficiency"] = ratio(eff, peer["rps_per_cpu_second"])
                if two and two.get("rps_per_cpu_second"):
                    r["two_variant_cpu_cost"] = round(eff / two["rps_per_cpu_second"] - 1, 3)
                if cap and cap.get("rps_per_cpu_second"):
                    r["capture_cpu_cost"] = round(eff / cap["rps_per_cpu_second"] - 1, 3)
            ratios.append(r)
    return ratios


def goals(ratios, rss, a):
    def find(payload, c, key):
        for r in ratios:
            if r["payload"] == payload and r["connections"] == c and key in r:
                return r[key]
        return None

    top = max(a.connections) if a.connections else None
    low = min(a.connections) if a.connections else None
    throughput_c = 64 if 64 in a.connections else top
    g = [
        ("single-row throughput vs peer", find("row", throughput_c, "turnout_over_peer_rps"), ">=", 10.0),
        ("single-row throughput vs ceiling", find("row", throughput_c, "turnout_over_ceiling_rps"), ">=", 0.75),
        ("1-connection p50 vs ceiling", find("row", low, "turnout_over_ceiling_p50"), "<=", 1.5),
        ("1-connection p99 vs ceiling", find("row", low, "turnout_over_ceiling_p99"), "<=", 3.0),
        ("two variants with metrics: throughput cost", find("row", throughput_c, "two_variant_cost"), "<=", 0.05),
        ("data capture at 100%: throughput cost", find("row", throughput_c, "capture_cost"), "<=", 0.15),
        ("steady RSS growth over the RSS run (MB)", rss.get("growth_mb") if rss else None, "<=", 16.0),
        ("(CPU) single-row requests per CPU-second vs ceiling", find("row", throughput_c, "turnout_over_ceiling_cpu_efficiency"), ">=", 0.75),
        ("(CPU) two variants with metrics: extra CPU per request", find("row", throughput_c, "two_variant_cpu_cost"), "<=", 0.05),
        ("(CPU) data capture at 100%: extra CPU per request", find("row", throughput_c, "capture_cpu_cost"), "<=", 0.15),
    ]
    out = []
    for name, value, op, limit in g:
        met = None if value is None else (value >= limit if op == ">=" else value <= limit)
        out.append({"goal": name, "value": value, "target": f"{op} {limit}", "met": met,
                    "connections": low if "1-connection" in name else throughput_c})
    return out


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu_model": model, "kernel": platform.release(), "loadavg": list(os.getloadavg())}


def table(points, a):
    lines = [f"{'target':<16} {'payload':<6} {'conns':>5} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'p99.9 ms':>9} "
             f"{'req/cpu-s':>9} {'B/req':>8} {'err':>4}"]
    for p in points:
        m = p["median"]
        lines.append(f"{p['target']:<16} {p['payload']:<6} {p['connections']:>5} {m['rps']:>10.0f} {m['p50_us'] / 1000:>8.2f} "
                     f"{m['p99_us'] / 1000:>8.2f} {m['p999_us'] / 1000:>9.2f} {m.get('rps_per_cpu_second', 0):>9.0f} "
                     f"{m.get('alloc_bytes_per_request', float('nan')):>8.0f} {m['errors']:>4}")
    return "\n".join(lines)


def main(argv):
    a = parse_args(argv)
    for tool in ["wrk"] + (["taskset"] if a.pin else []):
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is not installed (apt-get install {tool})")
    work = tempfile.mkdtemp(prefix="turnout-bench-")
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    load_before = list(os.getloadavg())
    servers = {}
    try:
        servers = start_servers(a, work)
        if "turnout" in servers:
            deploy_turnout(servers["turnout"].base, work, a.targets)
        # Warm-up: JIT tiers, pools and the peer's workers settle before anything is timed.
        for payload in a.payloads if a.warmup else []:
            for t in a.targets:
                wrk(a, url_of(t, servers), payload, 16, a.warmup)
        runs = {}
        for payload in a.payloads:
            for c in a.connections:
                for rep in range(a.repeats):
                    for t in a.targets:
                        r = measure(a, t, servers, payload, c, a.duration)
                        runs.setdefault((t, payload, c), []).append(r)
                        log(f"{t:<16} {payload:<5} c={c:<3} run {rep + 1}/{a.repeats}: {r['rps']:9.0f} req/s  "
                            f"p50 {r['p50_us'] / 1000:.2f} ms  p99 {r['p99_us'] / 1000:.2f} ms  errors {r['errors']}")
        points = [{"target": t, "payload": p, "connections": c, "runs": rs, "median": median_of(rs)}
                  for (t, p, c), rs in runs.items()]
        rss = steady_rss(a, servers) if a.rss_duration > 0 and "turnout" in servers else None
        ratios = summarise(points, a)
        result = {
            "schema": 1,
            "started": started,
            "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": dict(machine(), loadavg_before=load_before),
            "config": {"duration_s": a.duration, "repeats": a.repeats, "connections": a.connections, "payloads": a.payloads,
                       "targets": a.targets, "warmup_s": a.warmup, "wrk_threads": a.wrk_threads, "pin": a.pin,
                       "smoke": a.smoke, "rows_file": os.path.relpath(ROWS, ROOT), "batch_rows": PAYLOADS["batch"]},
            "points": points,
            "ratios": ratios,
            "rss": rss,
            "goals": goals(ratios, rss, a),
        }
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        with open(a.out, "w") as f:
            json.dump(result, f, indent=1)
        print(table(points, a))
        print()
        for r in ratios:
            print("  ".join(f"{k}={v}" for k, v in r.items()))
        if rss:
            print(f"RSS over {rss['seconds']} s at 64 connections: {rss['steady_start_mb']} -> {rss['steady_end_mb']} MB "
                  f"(growth {rss['growth_mb']} MB, max {rss['max_mb']} MB), {rss.get('alloc_bytes_per_request')} B/request")
        print()
        for g in result["goals"]:
            mark = "n/a " if g["met"] is None else ("MET " if g["met"] else "MISS")
            print(f"{mark} {g['goal']}: {g['value']} (goal {g['target']})")
        print(f"\nload average before {load_before}, after {list(os.getloadavg())}; JSON: {a.out}")
    finally:
        for s in servers.values():
            s.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
