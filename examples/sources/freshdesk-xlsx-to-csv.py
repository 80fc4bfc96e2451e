#!/usr/bin/env python3
"""Rebuilds fixtures/datasets/freshdesk-thingtrax*.csv from the public Freshdesk exports in
github.com/zyn10/Freshdesk-Ticket-Insights (commit 658a4fc597e3e0d07c3ad339af2ad9faa0bb2d93),
standard library only:

  python3 examples/sources/freshdesk-xlsx-to-csv.py xlsx "Fresh_Desk_Tickets_December.xlsx" > freshdesk-thingtrax.csv
  python3 examples/sources/freshdesk-xlsx-to-csv.py xls  "80000422910_tickets-February-04-2025-12_12.xls" > freshdesk-thingtrax-feb2025.csv

xlsx: the workbook's "Master_data_Since_Jan" sheet (1,183 tickets), where someone split
Freshdesk's `Created time` into an Excel serial day ("Created") and a day fraction
("time"); they are joined back into Freshdesk's own `YYYY-MM-DD HH:MM:SS`, rounded to the
second. xls: Freshdesk's untouched SpreadsheetML export (21 tickets), cells as written.

Either way the columns and every time, duration, status, priority, source, group and
survey value are kept as exported; what names a person or a customer is replaced
(Subject, Agent, Full name, Contact ID, Company Name, Tags), keeping `No Agent`.
"""
import csv, re, sys, zipfile, xml.etree.ElementTree as ET
from datetime import datetime, timedelta

HEADER = ["Ticket ID", "Subject", "Status", "Priority", "Source", "Type", "Agent", "Group", "Created time", "Due by Time",
          "Resolved time", "Closed time", "Last update time", "Initial response time", "Time tracked",
          "First response time (in hrs)", "Resolution time (in hrs)", "Agent interactions", "Customer interactions",
          "Resolution status", "First response status", "Tags", "Survey results", "Association type", "Product",
          "Every response status", "Full name", "Contact ID", "Company Name"]


def xlsx_rows(path, sheet_name):
    n = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    r_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    z = zipfile.ZipFile(path)
    strings = ["".join(t.text or "" for t in si.iter(n + "t")) for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(n + "si")]
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    target = next(rels[s.get(r_ns)] for s in ET.fromstring(z.read("xl/workbook.xml")).iter(n + "sheet") if s.get("name") == sheet_name)
    col = lambda ref: sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(re.match(r"[A-Z]+", ref).group()))) - 1
    for row in ET.fromstring(z.read("xl/" + target)).iter(n + "row"):
        cells = {}
        for c in row.findall(n + "c"):
            v = c.find(n + "v")
            cells[col(c.get("r"))] = strings[int(v.text)] if c.get("t") == "s" else ("" if v is None else v.text)
        if cells:
            yield [cells.get(i, "") for i in range(max(cells) + 1)]


def xls_rows(path):
    ss = "{urn:schemas-microsoft-com:office:spreadsheet}"
    for row in ET.parse(path).getroot().iter(ss + "Row"):
        yield [(c.find(ss + "Data").text or "") if c.find(ss + "Data") is not None else "" for c in row.findall(ss + "Cell")]


def main(kind, path):
    rows = list(xlsx_rows(path, "Master_data_Since_Jan") if kind == "xlsx" else xls_rows(path))
    header, data = rows[0], rows[1:]
    records = [dict(zip(header, r)) for r in data]
    if kind == "xlsx":
        for r in records:
            seconds = round((float(r.pop("Created")) + float(r.pop("time"))) * 86400)
            r["Created time"] = (datetime(1899, 12, 30) + timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S")
    pseudonyms = {}
    def alias(kind_, value):
        if value == "":
            return ""
        key = (kind_, value)
        if key not in pseudonyms:
            pseudonyms[key] = sum(1 for k in pseudonyms if k[0] == kind_) + 1
        return f"{kind_} {pseudonyms[key]}"
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(HEADER)
    for r in records:
        r["Subject"] = f"Ticket {r['Ticket ID']}"
        r["Agent"] = r["Agent"] if r["Agent"] in ("", "No Agent") else alias("Agent", r["Agent"])
        r["Full name"] = alias("Contact", r["Full name"])
        r["Contact ID"] = alias("contact", r["Contact ID"]).replace(" ", "") + "@example.com" if r["Contact ID"] else ""
        r["Company Name"] = alias("Company", r["Company Name"])
        r["Tags"] = ""
        w.writerow([r.get(h, "") for h in HEADER])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
