#!/usr/bin/env python3
"""Per-test durations from .trx files (dotnet test --logger trx): the slowest N and each file's wall time.

Usage: python3 tools/trx-top.py [N] FILE.trx... — the figures docs/benchmarks.md quotes for a test project's time.
"""
import re
import sys
import xml.etree.ElementTree as ET
from datetime import datetime

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def seconds(duration):
    h, m, s = duration.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def when(stamp):
    # 2026-12-01T15:23:13.1234567+00:00: Python takes six digits of fraction.
    return datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", stamp))


def main(argv):
    top = int(argv[0]) if argv and argv[0].isdigit() else 15
    files = [a for a in argv if not a.isdigit()]
    for path in files:
        root = ET.parse(path).getroot()
        times = root.find("t:Times", NS)
        results = root.findall(".//t:UnitTestResult", NS)
        storage = {d.get("id"): d.find("t:TestMethod", NS).get("className").split(".")[-1]
                   for d in root.findall(".//t:UnitTest", NS)}
        wall = (when(times.get("finish")) - when(times.get("start"))).total_seconds()
        rows = sorted(((seconds(r.get("duration", "0:0:0")), storage.get(r.get("testId"), "?"), r.get("testName"), r.get("outcome")) for r in results), reverse=True)
        summed = sum(r[0] for r in rows)
        print(f"{path}: {len(rows)} tests, wall {wall / 60:.1f} min ({times.get('start')} to {times.get('finish')}), summed {summed / 60:.1f} min")
        for duration, cls, name, outcome in rows[:top]:
            short = name.split("(")[0].split(".")[-1] + ("(" + name.split("(", 1)[1] if "(" in name else "")
            print(f"  {duration:7.1f} s  {outcome:8} {cls}.{short}")


if __name__ == "__main__":
    main(sys.argv[1:])
