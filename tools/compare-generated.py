#!/usr/bin/env python3
"""Compares the demo cases two builds generated with the same "now" (measure-generator N NOW), row by row.

Usage: tools/compare-generated.py a.db b.db
Instance GUIDs are mapped to case numbers; row versions and the timer runner's node name are left out (all are random). Timers are compared as the set of
their values without their ids: a build that writes fewer timers which never fire numbers the others differently
(docs/decisions/0067-fewer-writes-per-step.md). Every other table is compared in id order."""
import sqlite3
import sys

TABLES = {
    "Cases": "Id",
    "ProcessInstances": "SubjectId",
    "ProcessSteps": "Id",
    "WorkTasks": "Id",
    "ProcessTimers": None,
    "CaseFacts": "Id",
    "OutboxMessages": "Id",
}
# Row versions and the timer node's name (FiredBy) are random per run.
DROP = {"Version", "FiredBy"}


def rows(path, table, order):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    numbers = dict(db.execute('SELECT "InstanceId", "Number" FROM "Cases"'))
    cursor = db.execute(f'SELECT * FROM "{table}"' + (f' ORDER BY "{order}"' if order else ""))
    names = [d[0] for d in cursor.description]
    keep = [i for i, n in enumerate(names) if n not in DROP and not (n == "Id" and table in ("ProcessInstances", "ProcessTimers"))]
    result = []
    for row in cursor:
        values = []
        for i in keep:
            value = row[i]
            if names[i] == "InstanceId":
                value = numbers.get(value, value)
            values.append(value)
        result.append(tuple(values))
    if not order:
        result = sorted(result, key=repr)
    return names, result


def main(a, b):
    differing = 0
    for table, order in TABLES.items():
        _, left = rows(a, table, order)
        _, right = rows(b, table, order)
        diff = sum(1 for x, y in zip(left, right) if x != y) + abs(len(left) - len(right))
        differing += diff
        print(f"{table}: {len(left):,} / {len(right):,} rows, {diff:,} differing")
        for x, y in [(x, y) for x, y in zip(left, right) if x != y][:3]:
            print("  a:", x)
            print("  b:", y)
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
