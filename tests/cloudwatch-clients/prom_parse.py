#!/usr/bin/env python3
"""Parses a Prometheus text exposition with the reference parser (Debian python3-prometheus-client) and prints
every sample as JSON: [{"family", "type", "name", "labels", "value"}]. Exits non-zero on a parse error."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    out = []
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out.append({"family": family.name, "type": family.type, "name": s.name, "labels": s.labels, "value": s.value})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
