#!/usr/bin/env python3
"""Independent reference numbers for the dataset tests (test/datasets.test.ts).

Computes each dataset's KPIs straight from the CSV with Python's csv module, statistics
and numpy-free percentiles (linear interpolation, numpy's default), without any code of
csm-kpi. Usage: python3 examples/verify.py DATASET FILE   (prints JSON)
"""
import csv, io, json, sys
from datetime import datetime, timedelta
from statistics import mean


def pct(sorted_values, p):
    if not sorted_values:
        return None
    h = (len(sorted_values) - 1) * p
    lo = int(h)
    if lo + 1 >= len(sorted_values):
        return sorted_values[lo]
    return sorted_values[lo] + (h - lo) * (sorted_values[lo + 1] - sorted_values[lo])


def summary(values):
    v = sorted(values)
    return {"mean": mean(v) if v else None, "median": pct(v, 0.5), "p90": pct(v, 0.9), "count": len(v)}


def open_seconds(start, end, days=range(0, 6), opens=9, closes=19):
    """Seconds of [start, end) inside opening hours (Mon=0..Sat=5, 09:00-19:00 by default):
    day by day, the overlap with that day's opening. Naive local times in a zone without
    DST (Asia/Kolkata), so every day has 24 hours."""
    total = 0.0
    day = start.replace(hour=0, minute=0, second=0, microsecond=0)
    while day < end:
        if day.weekday() in days:
            a = max(start, day + timedelta(hours=opens))
            b = min(end, day + timedelta(hours=closes))
            total += max(0.0, (b - a).total_seconds())
        day += timedelta(days=1)
    return total


def rows(path, encoding="utf-8-sig"):
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.DictReader(f))


def zendesk(path):
    r = rows(path)
    iso = lambda s: datetime.strptime(s, "%Y-%m-%d %H:%M:%S")
    resolved = [x for x in r if x["Status"].lower() in ("solved", "closed")]
    times, business = [], []
    for x in resolved:
        if x["Solved at"] and not x["Solved at"].startswith("1900-01-01"):
            times.append((iso(x["Solved at"]) - iso(x["Created at"])).total_seconds())
            business.append(open_seconds(iso(x["Created at"]), iso(x["Solved at"])))
        elif x["Full resolution time in minutes"]:
            times.append(float(x["Full resolution time in minutes"]) * 60)
        elif x["Resolution time"]:
            times.append(float(x["Resolution time"]) * 3600)
    scores = [float(x["Satisfaction Score"]) for x in r if x["Satisfaction Score"] not in ("", "Offered", "Not Offered")]
    days = {iso(x["Created at"]).date() for x in r}
    # Zendesk's own business-hours first reply, in MINUTES: the only first-reply figure of
    # this export (csm-kpi uses it with --business-hours). Empty = not replied yet.
    first_reply = [float(x["First reply time in minutes within business hours"]) * 60
                   for x in r if x["First reply time in minutes within business hours"]]
    return {
        "tickets": len(r),
        "days": (max(days) - min(days)).days + 1,
        "customers": len({x["Requester id"] for x in r}),
        "resolved": len(resolved),
        "resolution_time": summary(times),
        "csat_responses": len(scores),
        "csat_satisfied": sum(1 for s in scores if s >= 4),
        "csat_mean": mean(scores) if scores else None,
        "reopened": sum(1 for x in r if x["Reopens"] and int(x["Reopens"]) > 0),
        "first_reply_business": summary(first_reply),
        "unanswered": len(r) - len(first_reply),
        # With --business-hours "Mon-Sat 09:00-19:00" --tz Asia/Kolkata (the README's case).
        "resolution_time_business": summary(business),
    }


def servicenow(path):
    last = {}
    for x in rows(path):
        last[x["number"]] = x  # the event log's last row per incident
    dmy = lambda s: datetime.strptime(s, "%d-%m-%Y %H:%M")
    tickets = list(last.values())
    resolved = [x for x in tickets if x["incident_state"].lower() in ("resolved", "closed")]
    times = [(dmy(x["resolved_at"]) - dmy(x["opened_at"])).total_seconds() for x in resolved if x["resolved_at"] != "?"]
    return {"events": sum(1 for _ in rows(path)), "tickets": len(tickets), "resolved": len(resolved), "resolution_time": summary(times),
            "customers": len({x["caller_id"] for x in tickets if x["caller_id"] != "?"}),
            "tickets_with_customer": sum(1 for x in tickets if x["caller_id"] != "?")}


def pwc(path):
    r = rows(path)
    hms = lambda s: sum(int(p) * m for p, m in zip(s.split(":"), (3600, 60, 1)))
    speed = [float(x["Speed of answer in seconds"]) for x in r if x["Speed of answer in seconds"]]
    talk = [hms(x["AvgTalkDuration"]) for x in r if x["AvgTalkDuration"]]
    ratings = [float(x["Satisfaction rating"]) for x in r if x["Satisfaction rating"]]
    return {"calls": len(r), "resolved": sum(1 for x in r if x["Resolved"] == "Y"), "frt": summary(speed), "aht": mean(talk), "aht_count": len(talk),
            "csat_responses": len(ratings), "csat_satisfied": sum(1 for s in ratings if s >= 4), "csat_mean": mean(ratings)}


def nps(path):
    r = rows(path, encoding="latin-1")
    s = [int(x["nps"]) for x in r if x["nps"] != "NA"]
    p, d = sum(1 for v in s if v >= 9), sum(1 for v in s if v <= 6)
    return {"rows": len(r), "responses": len(s), "no_answer": len(r) - len(s), "promoters": p, "passives": len(s) - p - d, "detractors": d, "nps": (p - d) * 100 / len(s)}


def kaggle(path):
    r = rows(path)
    s = [float(x["Customer Satisfaction Rating"]) for x in r if x["Customer Satisfaction Rating"]]
    return {"rows": len(r), "responses": len(s), "satisfied": sum(1 for v in s if v >= 4), "mean": mean(s)}


def telco(path):
    r = rows(path)
    churned = sum(1 for x in r if x["Churn"] == "Yes")
    by_contract = {}
    for x in r:
        c = by_contract.setdefault(x["Contract"], [0, 0])
        c[0] += 1
        c[1] += x["Churn"] == "Yes"
    return {"customers": len(r), "churned": churned, "churn_rate": churned * 100 / len(r),
            "by_contract": {k: v[1] * 100 / v[0] for k, v in by_contract.items()}}


if __name__ == "__main__":
    name, path = sys.argv[1], sys.argv[2]
    print(json.dumps(globals()[name.replace("-", "_")](path), indent=1))
