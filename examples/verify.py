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


def backlog_at(pairs, at, as_of):
    """Tickets open at `at` (None: not resolved at all) from (created, resolved) pairs, where
    resolved is None for an unresolved ticket and "undated" for one resolved at an unknown
    time (never open); ages in seconds at `at`, or at `as_of` when `at` is None."""
    when = at if at is not None else as_of
    ages, undated = [], 0
    for created, resolved in pairs:
        if at is not None and created >= at:
            continue
        if resolved is None or (at is not None and resolved != "undated" and resolved >= at):
            ages.append((when - created).total_seconds())
        elif at is not None and resolved == "undated":
            undated += 1
    return {"open": len(ages), "median_age": pct(sorted(ages), 0.5), "resolved_undated": undated}


def touches(replies):
    return {"zero": sum(1 for n in replies if n == 0), "one": sum(1 for n in replies if n == 1),
            "two": sum(1 for n in replies if n == 2), "multi": sum(1 for n in replies if n >= 3), "n": len(replies)}


def zendesk_helpdesk(path, to=None):
    """The helpdesk-standard KPIs (issue 15) of a Zendesk ticket export, from its own columns:
    Reopens, Replies, Requester wait time in minutes (and within business hours), the
    satisfaction Offered state, and the backlog at `to` (naive local time, like the export;
    none: tickets not solved at all, aged at the latest created or solved time)."""
    r = rows(path)
    iso = lambda s: datetime.strptime(s, "%Y-%m-%d %H:%M:%S")
    done = lambda x: x["Status"].lower() in ("solved", "closed")
    resolved = [x for x in r if done(x)]
    reopens = [int(x["Reopens"]) for x in resolved if x["Reopens"] != ""]
    minutes = lambda col: [float(x[col]) * 60 for x in resolved if x[col] != ""]
    pairs = []
    for x in r:
        created = iso(x["Created at"])
        if not done(x):
            end = None
        elif x["Solved at"] and not x["Solved at"].startswith("1900-01-01"):
            end = iso(x["Solved at"])
        elif x["Full resolution time in minutes"]:
            end = created + timedelta(minutes=float(x["Full resolution time in minutes"]))
        elif x["Resolution time"]:
            end = created + timedelta(hours=float(x["Resolution time"]))
        else:
            end = "undated"
        pairs.append((created, end))
    last = max([c for c, _ in pairs] + [e for _, e in pairs if isinstance(e, datetime)])
    at = datetime.strptime(to, "%Y-%m-%d") if to else None
    rated = sum(1 for x in r if re.fullmatch(r"[1-5]", x["Satisfaction Score"]))
    offered = sum(1 for x in r if x["Satisfaction Score"] == "Offered")
    return {
        "resolved": len(resolved),
        "reopened": sum(1 for n in reopens if n > 0), "with_reopens": len(reopens),
        "touches": touches([int(x["Replies"]) for x in resolved if x["Replies"] != ""]),
        "requester_wait": summary(minutes("Requester wait time in minutes")),
        "requester_wait_business": summary(minutes("Requester wait time in minutes within business hours")),
        # The business clock takes Zendesk's own business-hours columns (one clock).
        "resolution_business": summary(minutes("Full resolution time in minutes within business hours")),
        "backlog": backlog_at(pairs, at, last),
        "csat_rated": rated, "csat_offered": offered,
        "csat_response_rate": rated * 100 / (rated + offered) if rated + offered else None,
    }


def servicenow_helpdesk(path, to=None):
    """reopen_rate (reopen_count ≥ 1) and the backlog of the incident log's last row per
    incident; `to` is a naive UTC date. resolved_at "?" on a closed incident: resolved at an
    unknown time. ServiceNow has no replies or wait columns."""
    last = {}
    for x in rows(path):
        last[x["number"]] = x
    dmy = lambda s: datetime.strptime(s, "%d-%m-%Y %H:%M")
    tickets = list(last.values())
    done = lambda x: x["incident_state"].lower() in ("resolved", "closed")
    resolved = [x for x in tickets if done(x)]
    reopens = [int(x["reopen_count"]) for x in resolved if x["reopen_count"] != "?"]
    pairs = [(dmy(x["opened_at"]), None if not done(x) else "undated" if x["resolved_at"] == "?" else dmy(x["resolved_at"])) for x in tickets]
    latest = max([c for c, _ in pairs] + [e for _, e in pairs if isinstance(e, datetime)])
    at = datetime.strptime(to, "%Y-%m-%d") if to else None
    return {"resolved": len(resolved), "reopened": sum(1 for n in reopens if n > 0), "with_reopens": len(reopens),
            "backlog": backlog_at(pairs, at, latest)}


if __name__ == "__main__":
    name, path, *rest = sys.argv[1:]
    print(json.dumps(globals()[name.replace("-", "_")](path, *rest), indent=1))
