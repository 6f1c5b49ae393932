#!/usr/bin/env python3
"""What `openchargeback ingest` must make of each provider-shaped FOCUS file here, computed
independently of the tool (Python's csv, json and decimal modules) from the rules in
docs/focus.md, restated below.

    python3 sample_data/focus/expected_outcomes.py           # print the JSON
    python3 sample_data/focus/expected_outcomes.py --update  # rewrite expected_outcomes.json
    python3 sample_data/focus/expected_outcomes.py --check   # exit 1 if it is out of date

Rules (with the test ledger's config: currency USD, fund_org_patterns ^\\d{6}-\\d{4}$,
flag_patterns (?i)marketplace, the default tag_mapping):
  * columns are found by name, case-insensitively; cells "", NULL and null are absent;
  * list = ListCost or BilledCost; contracted = ContractedCost or list; every amount is
    rounded half-to-even to 9 decimals (the ledger's nanos);
  * Tags: a JSON object, the same without braces, or a list of {"key","value"} labels where
    an x_inherited label gives way to a non-inherited label with the same key; null = absent;
  * a mapped field takes every tag whose key, stripped and lowercased, is the mapped key;
    values are stripped, empty ones absent; two different values: the field is left empty
    and the row flagged tag_conflict:<field>;
  * flag order: tag_conflict, missing_pi, missing_project, missing_fund_org,
    invalid_fund_org, currency_mismatch, pattern_match (service, resource id, resource name).
"""
import csv, json, re, sys
from decimal import Decimal, ROUND_HALF_EVEN
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "expected_outcomes.json"
FIELDS = ("pi_email", "project_id", "fund_org", "cost_center", "account_code", "reference_1", "reference_2")
FUND_ORG = re.compile(r"^\d{6}-\d{4}$")
PATTERN = re.compile("(?i)marketplace")
NANO = Decimal("1e-9")


def cell(row, name):
    value = row.get(name.lower(), "")
    return None if value in ("", "NULL", "null") else value


def nanos(text):
    return int((Decimal(text).quantize(NANO, rounding=ROUND_HALF_EVEN) / NANO).to_integral_value())


def tag_pairs(text):
    """The (key, value) pairs of a Tags cell, null values dropped, in order."""
    if text is None:
        return []
    stripped = text.strip()
    if stripped.startswith("["):
        labels = json.loads(stripped)
        own = {l["key"] for l in labels if not l.get("x_inherited") and l.get("value") is not None}
        return [(l["key"], l["value"]) for l in labels
                if l.get("value") is not None and not (l.get("x_inherited") and l["key"] in own)]
    if stripped.startswith('"'):
        stripped = "{" + stripped + "}"
    pairs = json.loads(stripped, object_pairs_hook=lambda ps: ps)
    return [(k, v) for k, v in pairs if v is not None]


def mapped(pairs):
    values, conflicts = {}, []
    for key, value in pairs:
        folded = key.strip(" \t\r\n").lower()
        if folded not in FIELDS:
            continue
        text = (value if isinstance(value, str) else json.dumps(value)).strip()
        if not text:
            continue
        if folded in values and values[folded] != text and folded not in conflicts:
            conflicts.append(folded)
        values.setdefault(folded, text)
    for field in conflicts:
        values.pop(field)
    first = min(conflicts, key=FIELDS.index) if conflicts else None
    return values, first


def reason(row, values, conflict):
    if conflict:
        return f"tag_conflict:{conflict}"
    for field, why in (("pi_email", "missing_pi"), ("project_id", "missing_project"), ("fund_org", "missing_fund_org")):
        if field not in values:
            return why
    if not FUND_ORG.match(values["fund_org"]):
        return "invalid_fund_org"
    currency = cell(row, "BillingCurrency")
    if currency is not None and currency.upper() != "USD":
        return "currency_mismatch"
    for column in ("ServiceName", "ResourceId", "ResourceName"):
        text = cell(row, column)
        if text is not None and PATTERN.search(text):
            return f"pattern_match:{PATTERN.pattern}"
    return None


def outcomes(path):
    with path.open(encoding="utf-8", newline="") as f:
        records = list(csv.reader(f))
    header = [h.strip().lower() for h in records[0]]
    rows = []
    for line, record in enumerate(records[1:], start=2):
        row = dict(zip(header, record))
        billed = cell(row, "BilledCost")
        lst = cell(row, "ListCost") or billed
        contracted = cell(row, "ContractedCost") or lst
        values, conflict = mapped(tag_pairs(cell(row, "Tags")))
        rows.append({"line": line, "period": cell(row, "BillingPeriodStart")[:7],
                     "pi_email": values.get("pi_email", "unallocated"), "project_id": values.get("project_id"),
                     "fund_org": values.get("fund_org"), "flag_reason": reason(row, values, conflict),
                     "list_nanos": nanos(lst), "contracted_nanos": nanos(contracted), "billed_nanos": nanos(billed)})
    return {"rows": len(rows),
            "flagged": sum(1 for r in rows if r["flag_reason"]),
            "billed_nanos_all_rows": sum(r["billed_nanos"] for r in rows),
            "billed_nanos_statement_rows": sum(r["billed_nanos"] for r in rows if not r["flag_reason"]),
            "charges": rows}


def main(argv):
    result = {p.name: outcomes(p) for p in sorted(HERE.glob("*_focus_*.csv"))}
    text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    if "--update" in argv:
        OUT.write_text(text, encoding="utf-8")
    elif "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.name} is out of date: run {Path(__file__).name} --update", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
