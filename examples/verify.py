#!/usr/bin/env python3
"""Independent reference numbers for the dataset tests (test/datasets.test.ts).

Computes each dataset's KPIs straight from the CSV with Python's csv module, statistics
and numpy-free percentiles (linear interpolation, numpy's default), without any code of
csm-kpi. Usage: python3 examples/verify.py DATASET FILE [TIME_ZONE]   (prints JSON)

The helpdesk presets (freshdesk, intercom, salesforce, jira) read each export by its own
documented rules, written out again here from the export's side: which column is the
calendar time, what a rating word is worth, which status means done.
"""
import csv, io, json, re, sys
from datetime import datetime, timedelta, timezone
from statistics import mean
from zoneinfo import ZoneInfo


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
            "tickets_with_customer": sum(1 for x in tickets if x["caller_id"] != "?"),
            # ServiceNow's own SLA verdict (made_sla) on the last row of each resolved incident;
            # open incidents are pending, a resolved one without a verdict ("?") is not counted.
            "sla_met": sum(1 for x in resolved if x["made_sla"] == "TRUE"),
            "sla_missed": sum(1 for x in resolved if x["made_sla"] == "FALSE"),
            "sla_pending": len(tickets) - len(resolved),
            "sla_missed_ids": sorted(x["number"] for x in resolved if x["made_sla"] == "FALSE"),
            "sla_by_priority": {p: [sum(1 for x in resolved if x["priority"] == p and x["made_sla"] == "TRUE"),
                                    sum(1 for x in resolved if x["priority"] == p and x["made_sla"] == "FALSE")]
                                for p in sorted({x["priority"] for x in resolved})}}


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


def instant(text, fmt, zone):
    """The UTC instant of a local time text (zone: a ZoneInfo), as a POSIX timestamp."""
    return datetime.strptime(text, fmt).replace(tzinfo=zone).timestamp()


def times(values):
    """mean/median/p90/count of seconds, None when there are none."""
    return summary(values)


# Freshdesk's survey labels on 1..5 (5-point satisfaction wording; the classic 3-point survey).
FRESHDESK_RATINGS = {"extremely satisfied": 5, "mostly satisfied": 4, "neither satisfied nor dissatisfied": 3,
                     "slightly dissatisfied": 2, "extremely dissatisfied": 1, "awesome": 5, "just okay": 3, "not good": 1}


def freshdesk(path, tz="UTC"):
    """Calendar times from the timestamps only: `First response time (in hrs)` is business
    hours and never used. A response dated before creation is an invalid time: left out."""
    zone = ZoneInfo(tz)
    at = lambda s: instant(s, "%Y-%m-%d %H:%M:%S", zone) if s else None
    r = rows(path)
    frt, unanswered, invalid = [], 0, 0
    res, resolved = [], 0
    for x in r:
        created, first, done = at(x["Created time"]), at(x["Initial response time"]), at(x["Resolved time"])
        if first is None:
            unanswered += 1
        elif first < created:
            invalid += 1
        else:
            frt.append(first - created)
        if x["Status"] in ("Resolved", "Closed"):
            resolved += 1
            if done is not None and done >= created:
                res.append(done - created)
    words = [x["Survey results"] for x in r if x["Survey results"]]
    scores = [FRESHDESK_RATINGS[w.lower()] for w in words]
    agents = {x["Agent"] for x in r if x["Agent"] not in ("", "No Agent")}
    return {"tickets": len(r), "first_response_time": {**times(frt), "unanswered": unanswered, "invalid": invalid},
            "resolved": resolved, "resolution_time": times(res),
            "csat_responses": len(scores), "csat_satisfied": sum(1 for v in scores if v >= 4), "csat_mean": mean(scores) if scores else None,
            "agents": len(agents), "unassigned": sum(1 for x in r if x["Agent"] in ("", "No Agent")),
            "no_group": sum(1 for x in r if x["Group"] in ("", "No Group"))}


def intercom(path, tz=None):
    """Each time column in the zone its header names: `Conversation started at (America/New_York)`."""
    r = rows(path)
    def column(prefix):
        name = next((h for h in r[0] if h.startswith(prefix + " (")), None)
        return (name, ZoneInfo(re.search(r"\(([^)]+)\)$", name).group(1))) if name else (None, None)
    def at(x, col):
        name, zone = col
        return instant(x[name], "%Y-%m-%d %H:%M:%S", zone) if name and x[name] else None
    started, replied = column("Conversation started at"), column("Conversation first replied at")
    closed = column("Conversation last closed at")
    frt, unanswered, res, resolved = [], 0, [], 0
    for x in r:
        t0, t1 = at(x, started), at(x, replied)
        if t1 is None:
            unanswered += 1
        else:
            frt.append(t1 - t0)
        if x["Current conversation state"].lower() == "closed":
            resolved += 1
            t2 = at(x, closed)
            if t2 is not None:
                res.append(t2 - t0)
    ratings = [int(x["Last teammate rating"]) for x in r if x["Last teammate rating"]]
    handled = [int(x["Handling time (seconds)"]) for x in r if x["Handling time (seconds)"]]
    return {"conversations": len(r), "first_response_time": {**times(frt), "unanswered": unanswered}, "resolved": resolved,
            "resolution_time": times(res), "csat_responses": len(ratings), "csat_satisfied": sum(1 for v in ratings if v >= 4),
            "csat_mean": mean(ratings) if ratings else None, "aht": mean(handled) if handled else None}


def salesforce(path, tz=None):
    """Case API names; IsClosed says closed whatever the status is called; times are UTC."""
    r = rows(path)
    at = lambda s: datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
    closed = [x for x in r if x["IsClosed"] == "true"]
    res = [at(x["ClosedDate"]) - at(x["CreatedDate"]) for x in closed if x["ClosedDate"]]
    with_account = [x["AccountId"] for x in r if x["AccountId"]]
    return {"cases": len(r), "closed": len(closed), "resolution_time": times(res),
            "cases_with_account": len(with_account), "accounts": len(set(with_account))}


def jira(path, tz="UTC"):
    """Jira's CSV dates (06/Jan/26 9:29 AM) in the exporting user's zone; done = Status Category Done."""
    zone = ZoneInfo(tz)
    at = lambda s: instant(s, "%d/%b/%y %I:%M %p", zone) if s else None
    with open(path, encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    header, data = table[0], table[1:]
    col = {h: header.index(h) for h in header}  # Jira repeats some headers (Labels, Watchers): first one
    get = lambda x, h: x[col[h]]
    frt, unanswered, res = [], 0, []
    done = [x for x in data if get(x, "Status Category") == "Done"]
    for x in data:
        t0, t1 = at(get(x, "Created")), at(get(x, "Custom field ([CHART] Date of First Response)"))
        if t1 is None:
            unanswered += 1
        else:
            frt.append(t1 - t0)
    for x in done:
        t2 = at(get(x, "Resolved"))
        if t2 is not None:
            res.append(t2 - at(get(x, "Created")))
    ratings = [int(get(x, "Satisfaction rating")) for x in data if get(x, "Satisfaction rating")]
    return {"issues": len(data), "first_response_time": {**times(frt), "unanswered": unanswered}, "resolved": len(done),
            "resolution_time": times(res), "csat_responses": len(ratings), "csat_satisfied": sum(1 for v in ratings if v >= 4),
            "csat_mean": mean(ratings) if ratings else None, "customers": len({get(x, "Reporter") for x in data})}


if __name__ == "__main__":
    name, path, *rest = sys.argv[1:]
    print(json.dumps(globals()[name.replace("-", "_")](path, *rest), indent=1))
