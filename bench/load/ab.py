"""A/B a change to Turnout under load: several Turnout servers side by side, each with its own build or
environment, each serving the one-variant churn endpoint, measured in interleaved wrk runs (so machine
noise hits them alike) and reported as medians. This is how bench/README.md's before/after rows are made.

  /usr/bin/python3 bench/load/ab.py --variant before=dll:/tmp/before/turnout.dll --variant after \
      --variant spin0=env:DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 [--connections 1,64] [--duration 5]

A variant is NAME[=dll:PATH][;env:K=V[,K=V...]]; without dll it runs src/Turnout's Release build.
"""
import argparse
import os
import statistics
import sys
import tempfile
import shutil

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import driver  # noqa: E402


def main(argv):
    p = argparse.ArgumentParser(prog="bench/load/ab.py")
    p.add_argument("--variant", action="append", required=True)
    p.add_argument("--connections", default="1,64")
    p.add_argument("--payload", default="row", choices=list(driver.PAYLOADS))
    p.add_argument("--duration", type=int, default=5)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--endpoint", default="turnout-one", choices=list(driver.TURNOUT_ENDPOINTS))
    a = p.parse_args(argv)
    a.wrk_threads, a.pin = 1, False
    work = tempfile.mkdtemp(prefix="turnout-ab-")
    default_dll = os.path.join(driver.ROOT, "src", "Turnout", "bin", "Release", "net10.0", "turnout.dll")
    servers = {}
    try:
        for spec in a.variant:
            name, *parts = spec.split("=", 1)
            dll, env = default_dll, dict(os.environ)
            for part in parts[0].split(";") if parts else []:
                if part.startswith("dll:"):
                    dll = part[4:]
                elif part.startswith("env:"):
                    for kv in part[4:].split(","):
                        k, v = kv.split("=", 1)
                        env[k] = v
                else:
                    raise SystemExit(f"bad variant part {part!r}: use dll:PATH or env:K=V,K=V (joined by ;)")
            port = driver.free_port()
            d = os.path.join(work, name)
            os.makedirs(d)
            cmd = [driver.dotnet(), dll, "serve", "--urls", f"http://127.0.0.1:{port}", "--data-dir", os.path.join(d, "data"),
                   "--log-level", "Warning"]
            s = driver.Server(name, cmd, env, port, "/ping", d, False)
            s.wait_ready()
            driver.deploy_turnout(s.base, d, [a.endpoint])
            servers[name] = s
        for s in servers.values():
            driver.wrk(a, s.base + f"/endpoints/{driver.TURNOUT_ENDPOINTS[a.endpoint]}/invocations", a.payload, 16, 3)
        conns = [int(c) for c in a.connections.split(",")]
        results = {}
        for c in conns:
            for _ in range(a.repeats):
                for name, s in servers.items():
                    url = s.base + f"/endpoints/{driver.TURNOUT_ENDPOINTS[a.endpoint]}/invocations"
                    before = driver.turnout_counters(s)
                    cpu0 = driver.cpu_seconds(s.pids())
                    r = driver.wrk(a, url, a.payload, c, a.duration)
                    cpu = driver.cpu_seconds(s.pids()) - cpu0
                    after = driver.turnout_counters(s)
                    n = r["requests"]
                    results.setdefault((name, c), []).append({
                        "rps": n / (r["duration_us"] / 1e6), "p50": r["latency_us"]["p50"], "p99": r["latency_us"]["p99"],
                        "cpu_us": cpu * 1e6 / n if n else 0, "alloc": (after["allocated"] - before["allocated"]) / n if n else 0,
                        "rss_mb": driver.rss_bytes(s.pids()) / 2**20})
        print(f"{'variant':<14} {'conns':>5} {'req/s':>9} {'p50 us':>8} {'p99 us':>8} {'cpu us/req':>10} {'B/req':>7} {'RSS MB':>7}   (medians of {a.repeats}; RSS after each run)")
        for (name, c), rs in sorted(results.items(), key=lambda kv: (kv[0][1], list(servers).index(kv[0][0]))):
            m = {k: statistics.median(r[k] for r in rs) for k in rs[0]}
            print(f"{name:<14} {c:>5} {m['rps']:>9.0f} {m['p50']:>8.0f} {m['p99']:>8.0f} {m['cpu_us']:>10.1f} {m['alloc']:>7.0f} {m['rss_mb']:>7.1f}")
        print(f"load average {os.getloadavg()}")
    finally:
        for s in servers.values():
            s.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
