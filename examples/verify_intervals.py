#!/usr/bin/env python3
"""Independent reference intervals for test/stats/intervals.test.ts and the CLI tests.

Computed with scipy (stats.binomtest(...).proportion_ci(method='wilson'), stats.t,
stats.binom, stats.norm), straight from the CSV files, without any code of csm-kpi:
    python3 examples/verify_intervals.py fixtures [LEVEL]
    python3 examples/verify_intervals.py zendesk FILE [LEVEL]
prints JSON: for each KPI its interval (low, high) in the KPI's unit.
"""
import csv, json, math, sys
from datetime import datetime
from scipy import stats


def wilson(s, n, level):
    if n == 0:
        return None
    ci = stats.binomtest(s, n).proportion_ci(confidence_level=level, method="wilson")
    return [ci.low * 100, ci.high * 100]


def mean_t(values, level, lo=-math.inf, hi=math.inf):
    n = len(values)
    if n < 2:
        return None
    m = sum(values) / n
    sd = math.sqrt(sum((x - m) ** 2 for x in values) / (n - 1))
    if sd == 0:  # all values equal: no spread measured, no interval
        return None
    a, b = stats.t.interval(level, n - 1, loc=m, scale=sd / math.sqrt(n))
    return [max(lo, a), min(hi, b)]


def median_os(values, level):
    v, n = sorted(values), len(values)
    k = 0
    for j in range(n // 2 + 1):  # largest k with P(B <= k - 1) <= alpha / 2
        if stats.binom.cdf(j, n, 0.5) <= (1 - level) / 2:
            k = j + 1
        else:
            break
    return None if k == 0 else [v[k - 1], v[n - k]]


def nps(p, d, n, level):
    # Adjusted-Wald (Rocks 2016; Lewis & Sauro 2021): 3/4 promoter and 3/4 detractor added, n + 3.
    z = stats.norm.ppf(1 - (1 - level) / 2)
    m = n + 3
    ps, ds = (p + 0.75) / m, (d + 0.75) / m
    half = z * 100 * math.sqrt((ps + ds - (ps - ds) ** 2) / m)
    return [max(-100, 100 * (ps - ds) - half), min(100, 100 * (ps - ds) + half)]


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def fixtures(level):
    t = rows("fixtures/tickets.csv")
    at = lambda s: datetime.strptime(s, "%Y-%m-%d %H:%M:%S")
    frt = [(at(x["first_response_at"]) - at(x["created_at"])).total_seconds() for x in t if x["first_response_at"]]
    resolved = [x for x in t if x["status"] in ("solved", "closed", "resolved")]
    rt = [(at(x["resolved_at"]) - at(x["created_at"])).total_seconds() for x in resolved if x["resolved_at"]]
    with_contacts = [x for x in resolved if x["contacts"]]
    fcr = sum(1 for x in with_contacts if x["contacts"] == "1" and x["reopened"] not in ("yes", "true", "1"))
    handle = [sum(float(x[c] or 0) for c in ("talk_seconds", "hold_seconds", "after_work_seconds")) for x in t if any(x[c] for c in ("talk_seconds", "hold_seconds", "after_work_seconds"))]
    s = rows("fixtures/surveys.csv")
    csat = [float(x["score"]) for x in s if x["type"] == "csat"]
    npsv = [int(x["score"]) for x in s if x["type"] == "nps"]
    ces = [float(x["score"]) for x in s if x["type"] == "ces"]
    p, d = sum(1 for v in npsv if v >= 9), sum(1 for v in npsv if v <= 6)
    return {
        "first_response_time": mean_t(frt, level, 0), "first_response_median": median_os(frt, level),
        "resolution_time": mean_t(rt, level, 0), "resolution_median": median_os(rt, level),
        "resolution_rate": wilson(len(resolved), len(t), level),
        "first_contact_resolution": wilson(fcr, len(with_contacts), level),
        "average_handle_time": mean_t(handle, level, 0),
        "csat": wilson(sum(1 for v in csat if v >= 4), len(csat), level),
        "nps": nps(p, d, len(npsv), level),
        "ces": mean_t(ces, level, 1, 5),
    }


def zendesk(path, level):
    r = rows(path)
    iso = lambda s: datetime.strptime(s, "%Y-%m-%d %H:%M:%S")
    resolved = [x for x in r if x["Status"].lower() in ("solved", "closed")]
    scores = [float(x["Satisfaction Score"]) for x in r if x["Satisfaction Score"] not in ("", "Offered", "Not Offered")]
    times = []
    for x in resolved:
        if x["Solved at"] and not x["Solved at"].startswith("1900-01-01"):
            times.append((iso(x["Solved at"]) - iso(x["Created at"])).total_seconds())
        elif x["Full resolution time in minutes"]:
            times.append(float(x["Full resolution time in minutes"]) * 60)
    return {
        "csat": wilson(sum(1 for v in scores if v >= 4), len(scores), level),
        "resolution_rate": wilson(len(resolved), len(r), level),
        "resolution_time": mean_t(times, level, 0), "resolution_median": median_os(times, level),
    }


if __name__ == "__main__":
    if sys.argv[1] == "fixtures":
        print(json.dumps(fixtures(float(sys.argv[2]) if len(sys.argv) > 2 else 0.95), indent=1))
    else:
        print(json.dumps(zendesk(sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 0.95), indent=1))
