#!/usr/bin/env python3
"""Expected totals for the sample FOCUS files, computed exactly from the CSVs.

    python3 sample_data/expected_totals.py            # print the Markdown tables
    python3 sample_data/expected_totals.py --json     # print the same numbers as JSON
    python3 sample_data/expected_totals.py --update   # rewrite README.md section + expected_totals.json
    python3 sample_data/expected_totals.py --check    # exit 1 if either is out of date

Rules implemented here (they are the tool's rules, restated; see README.md):
  list = ListCost, or BilledCost when ListCost is empty/NULL;
  contracted = ContractedCost, or list when ContractedCost is empty/NULL;
  a row is flagged (held for review, not on statements) for any reason in `flag_reasons`.
Exact sums use decimal.Decimal; cents = exact total rounded half away from zero.
"""
import csv, json, re, sys
from collections import defaultdict
from decimal import Decimal, ROUND_HALF_UP, getcontext
from pathlib import Path

getcontext().prec = 50
HERE = Path(__file__).resolve().parent
HEADER = ("BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BillingCurrency,"
          "ServiceName,ChargeCategory,ChargeDescription,ResourceId,ResourceName,SkuId,ListCost,"
          "ContractedCost,BilledCost,EffectiveCost,Tags").split(",")
SOURCES = ("aws", "azure", "hpc", "storage")
FUND_ORG = re.compile(r"^\d{6}-\d{4}$")
PATTERNS = (re.compile("(?i)marketplace"), re.compile("(?i)gpu-burst"))
BEGIN, END = "<!-- BEGIN EXPECTED TOTALS (generated) -->", "<!-- END EXPECTED TOTALS -->"


def money(text):
    t = text.strip()
    if t == "" or t.upper() == "NULL":
        return None
    d = Decimal(t)
    assert -d.as_tuple().exponent <= 9, f"more than 9 decimals: {text}"
    return d


def plain(d):
    """Exact text, trailing zeros trimmed to at least two decimals (like MoneyFormat.plain)."""
    t = format(d.quantize(Decimal("1e-9")), "f").rstrip("0")
    whole, frac = t.split(".")
    return f"{whole}.{frac.ljust(2, '0')}"


def cents(d):
    return format(d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")


def flag_reasons(row, tags):
    """The reason openchargeback gives: the first that applies, in its order
    (period_mismatch cannot happen here: each file holds one period)."""
    for key, reason in (("pi_email", "missing_pi"), ("project_id", "missing_project"), ("fund_org", "missing_fund_org")):
        if not str(tags.get(key, "")).strip():
            return [reason]
    fund = str(tags.get("fund_org", "")).strip()
    if not FUND_ORG.match(fund):
        return ["invalid_fund_org"]
    if row["BillingCurrency"] != "USD":
        return ["currency_mismatch"]
    for field in ("ServiceName", "ResourceId", "ResourceName"):
        for p in PATTERNS:
            if p.search(row[field]):
                return [f"pattern_match:{p.pattern}"]
    return []


def load():
    rows = []
    for path in sorted(HERE.glob("*_*.csv")):
        source, period = path.stem.split("_")
        raw = path.read_bytes()
        assert b"\r" not in raw, f"{path.name}: CR found, expected LF line endings"
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            assert next(reader) == HEADER, f"{path.name}: unexpected header"
            for rec in reader:
                row = dict(zip(HEADER, rec))
                assert row["BillingPeriodStart"][:7] == period, f"{path.name}:{reader.line_num}: wrong period"
                tags = json.loads(row["Tags"]) if row["Tags"] else {}
                billed = money(row["BilledCost"])
                lst = money(row["ListCost"])
                lst = billed if lst is None else lst
                con = money(row["ContractedCost"])
                con = lst if con is None else con
                rows.append(dict(file=path.name, line=reader.line_num, source=source, period=period,
                                 pi=tags.get("pi_email", ""), project=tags.get("project_id", ""),
                                 fund=tags.get("fund_org", ""), service=row["ServiceName"],
                                 category=row["ChargeCategory"], currency=row["BillingCurrency"],
                                 resource=row["ResourceName"] or row["ResourceId"],
                                 list=lst, contracted=con, billed=billed,
                                 reasons=flag_reasons(row, tags)))
    return rows


def group(rows, key):
    out = defaultdict(lambda: dict(rows=0, list=Decimal(0), contracted=Decimal(0), billed=Decimal(0)))
    for r in rows:
        g = out[key(r)]
        g["rows"] += 1
        for k in ("list", "contracted", "billed"):
            g[k] += r[k]
    for g in out.values():
        g["discount"] = g["list"] - g["contracted"]
        g["subsidy"] = g["contracted"] - g["billed"]
    return dict(sorted(out.items()))


def amounts(g):
    return {k: {"exact": plain(g[k]), "cents": cents(g[k])}
            for k in ("list", "contracted", "billed", "discount", "subsidy")}


def compute():
    rows = load()
    result = {}
    for period in sorted({r["period"] for r in rows}):
        allp = [r for r in rows if r["period"] == period]
        ok = [r for r in allp if not r["reasons"]]
        bad = [r for r in allp if r["reasons"]]
        total = lambda rs: sum((r["billed"] for r in rs), Decimal(0))
        result[period] = {
            "grand": {"rows": len(allp), "statement_rows": len(ok), "flagged_rows": len(bad),
                      "billed_all_rows": {"exact": plain(total(allp)), "cents": cents(total(allp))},
                      "billed_statement_rows": {"exact": plain(total(ok)), "cents": cents(total(ok))},
                      "billed_awaiting_review": {"exact": plain(total(bad)), "cents": cents(total(bad))}},
            "by_source": [{"source": s, "rows": g["rows"], **amounts(g)}
                          for s, g in group(ok, lambda r: r["source"]).items()],
            "by_pi": [{"pi_email": pi, "rows": g["rows"], **amounts(g)}
                      for pi, g in group(ok, lambda r: r["pi"]).items()],
            "by_pi_project": [{"pi_email": k[0], "project_id": k[1], "fund_org": k[2], "rows": g["rows"], **amounts(g)}
                              for k, g in group(ok, lambda r: (r["pi"], r["project"], r["fund"])).items()],
            "flagged": [{"file": r["file"], "line": r["line"], "reasons": r["reasons"], "currency": r["currency"],
                         "service": r["service"], "resource": r["resource"], "pi_email": r["pi"],
                         "project_id": r["project"], "fund_org": r["fund"],
                         **{k: {"exact": plain(r[k]), "cents": cents(r[k])} for k in ("list", "contracted", "billed")}}
                        for r in bad],
        }
    return result


def esc(text):
    return str(text).replace("|", "\\|") or "—"


def markdown(result):
    cols = ("list", "contracted", "billed", "discount", "subsidy")
    amount_head = " | ".join(f"{c} | {c} ¢" for c in cols)
    amount_rule = "|".join("---:|---:" for _ in cols)

    def amount_cells(e):
        return " | ".join(f"{e[c]['exact']} | {e[c]['cents']}" for c in cols)

    out = []
    for period, p in result.items():
        g = p["grand"]
        out += [f"### {period}", "",
                "| rows | statement rows | flagged rows | billed, all rows | billed, statement rows | billed, awaiting review |",
                "|---:|---:|---:|---:|---:|---:|",
                f"| {g['rows']} | {g['statement_rows']} | {g['flagged_rows']} | "
                f"{g['billed_all_rows']['exact']} ({g['billed_all_rows']['cents']}) | "
                f"{g['billed_statement_rows']['exact']} ({g['billed_statement_rows']['cents']}) | "
                f"{g['billed_awaiting_review']['exact']} ({g['billed_awaiting_review']['cents']}) |", "",
                f"**{period} by source** (statement rows only)", "",
                f"| source | rows | {amount_head} |", f"|---|---:|{amount_rule}|"]
        out += [f"| {e['source']} | {e['rows']} | {amount_cells(e)} |" for e in p["by_source"]]
        out += ["", f"**{period} by PI** (statement rows only)", "",
                f"| pi_email | rows | {amount_head} |", f"|---|---:|{amount_rule}|"]
        out += [f"| {e['pi_email']} | {e['rows']} | {amount_cells(e)} |" for e in p["by_pi"]]
        out += ["", f"**{period} by PI × project** (one statement each)", "",
                f"| pi_email | project_id | fund_org | rows | {amount_head} |", f"|---|---|---|---:|{amount_rule}|"]
        out += [f"| {e['pi_email']} | {esc(e['project_id'])} | {e['fund_org']} | {e['rows']} | {amount_cells(e)} |"
                for e in p["by_pi_project"]]
        out += ["", f"**{period} flagged rows** (held for review; not on statements until approved)", "",
                "| file:line | reasons | currency | service | resource | pi_email | project_id | fund_org "
                "| list | contracted | billed | billed ¢ |",
                "|---|---|---|---|---|---|---|---|---:|---:|---:|---:|"]
        out += [f"| {e['file']}:{e['line']} | {esc('; '.join(e['reasons']))} | {e['currency']} | {esc(e['service'])} "
                f"| {esc(e['resource'])} | {esc(e['pi_email'])} | {esc(e['project_id'])} | {esc(e['fund_org'])} "
                f"| {e['list']['exact']} | {e['contracted']['exact']} | {e['billed']['exact']} | {e['billed']['cents']} |"
                for e in p["flagged"]]
        out.append("")
    return "\n".join(out)


def main(argv):
    result = compute()
    md, js = markdown(result), json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    if "--json" in argv:
        sys.stdout.write(js)
    elif "--update" in argv or "--check" in argv:
        readme = (HERE / "README.md").read_text(encoding="utf-8")
        head, rest = readme.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        new_readme = f"{head}{BEGIN}\n\n{md}\n{END}{tail}"
        jpath = HERE / "expected_totals.json"
        if "--check" in argv:
            stale = [p.name for p, t in ((HERE / "README.md", new_readme), (jpath, js))
                     if not p.exists() or p.read_text(encoding="utf-8") != t]
            if stale:
                sys.exit(f"out of date: {', '.join(stale)} (run expected_totals.py --update)")
            print("expected totals up to date")
        else:
            (HERE / "README.md").write_text(new_readme, encoding="utf-8")
            jpath.write_text(js, encoding="utf-8")
    else:
        sys.stdout.write(md)


if __name__ == "__main__":
    main(sys.argv[1:])
