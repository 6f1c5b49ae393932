#!/usr/bin/env python3
"""The charges `make demo` must get from the converter samples, worked out here
on their own: from the input files and the rules (config.example.yaml and the
legacy JSON files it names), with exact fractions, by a second program.

    python3 sample_data/converters/expected_charges.py            # print the Markdown tables
    python3 sample_data/converters/expected_charges.py --update   # rewrite ../README.md's section and expected_charges.json
    python3 sample_data/converters/expected_charges.py --check    # exit 1 if either is out of date

The conversions are the ones scripts/demo runs (CONVERSIONS below: the same
inputs, sources and command-line rules). The rules, restated from
docs/converters.md:
  slurm    a job is billed in the month it ended, its Elapsed split by the months it
           ran in; per account x partition: CPU-seconds / 3600 x multiplier x rate,
           less the partition's subsidy percent;
  storage  a directory's use is the mean of its samples over the nights sampled (an
           Isilon list is one snapshot); list = use x rate, contracted = the part above
           the free allowance priced by the tiers, billed = contracted less the subsidy
           percent and the daily credit;
  vm       annual cost / 12 x days / days in month (a VM created in the month pays from
           that day), less the subsidy percent;
  tokens   credits x pool price, rounded to the cent; a per-project cap covers usage in
           file order until the fiscal year's allowance is used.
Each amount is rounded to the cent once, half away from zero. A charge is flagged for
review by the first reason that applies (config.example.yaml's review rules).
"""
import csv, json, re, sys
from collections import defaultdict
from datetime import date, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml  # python3-yaml (scripts/bootstrap)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PERIOD = "2026-10"
BEGIN, END = "<!-- BEGIN CONVERTER CHARGES (generated) -->", "<!-- END CONVERTER CHARGES -->"

# What scripts/demo converts: kind, source, inputs (from the repository root), command-line rules.
CONVERSIONS = [
    dict(kind="slurm", source="tern", inputs=["sample_data/converters/slurm/sacct_2026-10.txt"]),
    dict(kind="isilon", source="isilon", inputs=["sample_data/converters/isilon/quotas_2026-10-31.json"]),
    dict(kind="qumulo", source="qumulo", inputs=["sample_data/converters/qumulo/samples_2026-10.csv"]),
    dict(kind="hyperv", source="azure-local", inputs=["sample_data/converters/vm/azure-local-vms_2026-10.json"]),
    dict(kind="vmcsv", source="openstack", inputs=["sample_data/converters/vm/openstack-servers_2026-10.csv"],
         tiers="sample_data/converters/vm/openstack-tiers.json"),
    dict(kind="tokens", source="openai", inputs=["sample_data/converters/tokens/chatgpt-edu-usage_2026-10.csv"]),
]

CONFIG = yaml.safe_load((ROOT / "config.example.yaml").read_text(encoding="utf-8"))
CONVERT = CONFIG["convert"]
GiB, TiB = 2 ** 30, 2 ** 40


def rules(value):
    """A convert.* rules setting: a path (relative to the repository root) or the document inline."""
    if isinstance(value, str):
        return json.loads((ROOT / value).read_text(encoding="utf-8"))
    return value


def frac(x):
    return Fraction(str(x))


def to_cents(x):
    """Half away from zero, once."""
    sign = -1 if x < 0 else 1
    n = abs(x) * 100
    return sign * int(n + Fraction(1, 2))


def month_bounds(period):
    y, m = map(int, period.split("-"))
    first = date(y, m, 1)
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return first, nxt


def charge(source, resource_id, resource_name, service, owner, lst, contracted, billed, start=None, end=None):
    first, nxt = month_bounds(PERIOD)
    return dict(source=source, resource_id=resource_id, resource_name=resource_name, service=service,
                charge_start=str(start or first), charge_end=str(end or nxt),
                pi_email=owner.get("pi_email"), project_id=owner.get("project_id"), fund_org=owner.get("fund_org"),
                list=to_cents(lst), contracted=to_cents(contracted), billed=to_cents(billed))


# --- slurm -------------------------------------------------------------------------------------

def slurm(conv):
    c = CONVERT["slurm"]
    tiers, accounts = rules(c["tiers"]), rules(c["accounts"])["accounts"]
    zone = ZoneInfo(c["time_zone"])
    owners = {k.lower(): dict(pi_email=v.get("piEmail"), project_id=v.get("projectId"), fund_org=v.get("fundOrg"))
              for k, v in accounts.items()}
    billable = {s.upper() for s in tiers.get("billableStates", ["COMPLETED", "TIMEOUT", "OUT_OF_MEMORY"])}
    excluded = {a.lower() for a in tiers.get("excludeAccounts", [])}
    rate = frac(tiers["rates"]["suRate"])
    first, nxt = month_bounds(PERIOD)

    def epoch(text):
        return int(datetime.fromisoformat(text).replace(tzinfo=zone).timestamp())

    def month_of(e):
        return datetime.fromtimestamp(e, zone).strftime("%Y-%m")

    def month_start(period):
        y, m = map(int, period.split("-"))
        return int(datetime(y, m, 1, tzinfo=zone).timestamp())

    def next_month(period):
        return str(month_bounds(period)[1])[:7]

    usage = defaultdict(int)  # (month, cluster, account, partition) -> CPU-seconds
    with open(ROOT / conv["inputs"][0], newline="") as f:
        rows = csv.DictReader(f, delimiter="|")
        for r in rows:
            if "." in r["JobID"]:
                continue  # a step: its job's allocation is billed
            state = r["State"].split(" ")[0].upper().rstrip("+")
            if state not in billable or r["Account"].lower() in excluded or r["End"] in ("Unknown", "None", ""):
                continue
            elapsed, end = int(r["ElapsedRaw"]), epoch(r["End"])
            if month_of(end - 1 if elapsed > 0 else end) != PERIOD:
                continue
            start, remaining, month = epoch(r["Start"]), elapsed, month_of(epoch(r["Start"]))
            parts = []
            while month < PERIOD and remaining > 0:
                seconds = min(remaining, max(0, min(end, month_start(next_month(month))) - max(start, month_start(month))))
                if seconds:
                    parts.append((month, seconds))
                remaining -= seconds
                month = next_month(month)
            if remaining > 0 or not parts:
                parts.append((PERIOD, remaining))
            for month, seconds in parts:
                usage[(month, r["Cluster"], r["Account"], r["Partition"])] += int(r["AllocCPUS"]) * seconds
    out = []
    for (month, _cluster, account, partition), cpu_seconds in sorted(usage.items()):
        p = tiers["partitions"][partition]
        lst = Fraction(cpu_seconds, 3600) * frac(p["suMultiplier"]) * rate
        billed = lst * (100 - frac(p.get("subsidyPercent", 0))) / 100
        owner = owners.get(account.lower(), dict(project_id=account))
        m_first, m_next = month_bounds(month)
        out.append(charge(conv["source"], f"{account}-{partition}", f"{account} ({partition})",
                          f"{tiers.get('serviceName', 'HPC Compute')} - {p.get('description', partition)}",
                          owner, lst, lst, billed, m_first, m_next))
    return out


# --- storage -----------------------------------------------------------------------------------

def storage_terms(rate_per_byte, tiers_json, rate_key, per, free, subsidy, credit):
    tiers = []
    for t in tiers_json or []:
        r = frac(t[rate_key]) / per if rate_key in t else frac(t["ratePerTBMonth"]) / TiB
        tiers.append((frac(t["upToTB"]) * TiB if "upToTB" in t else None, r))
    return dict(rate=rate_per_byte, tiers=tiers, free=free, subsidy=subsidy, credit=credit)


def storage_charge(source, name, service, owner, used, terms, days):
    lst = used * terms["rate"]
    billable = max(Fraction(0), used - terms["free"])
    if terms["tiers"]:
        contracted, low = Fraction(0), Fraction(0)
        for bound, r in terms["tiers"]:
            high = billable if bound is None else min(billable, bound)
            if high > low:
                contracted += (high - low) * r
            if bound is not None:
                low = max(low, bound)
    else:
        contracted = billable * terms["rate"]
    billed = max(Fraction(0), contracted * (100 - terms["subsidy"]) / 100 - terms["credit"] * days)
    return charge(source, f"{name}-storage", f"{name} Storage", service, owner, lst, contracted, billed)


def normalized(path):
    p = path.strip()
    while len(p) > 1 and p.endswith("/"):
        p = p[:-1]
    return p


def isilon(conv):
    c = CONVERT["storage"]["isilon"]
    r, projects = rules(c["rates"]), rules(c["projects"])["projects"]
    rate = frac(r["ratePerTBMonth"]) / TiB
    default_free = frac(r.get("freeGBPerProject", 500)) * GiB
    quotas = json.loads((ROOT / conv["inputs"][0]).read_text())
    used = {}
    for q in quotas:
        if q.get("type", "directory") == "directory":
            used[normalized(q["path"])] = Fraction(int(q["usage"][c.get("usage_field", "logical")]))
    meta = {normalized(k): v for k, v in projects.items()}
    days = (month_bounds(PERIOD)[1] - month_bounds(PERIOD)[0]).days
    out = []
    for path in sorted(used):
        m = meta.get(path)
        if m is not None and m.get("active", True) is False or used[path] == 0:
            continue
        owner = dict(pi_email=m.get("piEmail"), project_id=m.get("projectId"), fund_org=m.get("fundOrg")) if m else \
            dict(project_id=path.split("/")[-1])
        terms = storage_terms(rate, r.get("tiers"), "ratePerTBMonth", TiB,
                              frac(m["freeGB"]) * GiB if m and "freeGB" in m else default_free,
                              frac(m.get("subsidyPercent", 0)) if m else Fraction(0), Fraction(0))
        out.append(storage_charge(conv["source"], owner["project_id"], r.get("serviceName", "HPC Storage - Project"),
                                  owner, used[path], terms, days))
    return out


def qumulo(conv):
    c = CONVERT["storage"]["qumulo"]
    r = rules(c["rates"])
    rate = frac(r["monthlyRatePerGB"]) / GiB
    default_free = frac(r.get("defaultFreeGB", 500)) * GiB
    root = ROOT / c["projects_root"]
    excludes = [re.compile(p) for p in c.get("exclude_patterns", [r"^\.", "^_", r"^lost\+found$"])]
    meta = {}
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and not any(p.search(folder.name) for p in excludes) and (folder / ".openchargeback.json").exists():
            meta[folder.name] = json.loads((folder / ".openchargeback.json").read_text())
    totals, nights = defaultdict(Fraction), set()
    first, nxt = month_bounds(PERIOD)
    with open(ROOT / conv["inputs"][0], newline="") as f:
        for row in csv.DictReader(f):
            day = date.fromisoformat(row["date"])
            if first <= day < nxt:
                nights.add(day)
                totals[normalized(row["path"]).split("/")[-1]] += int(row["bytes"])
    days = (nxt - first).days
    out = []
    for name in sorted(totals):
        m = meta.get(name)
        if m is not None and m.get("active", True) is False:
            continue
        used = totals[name] / len(nights)
        if used == 0:
            continue
        owner = {k: (m.get(k) or None) for k in ("pi_email", "project_id", "fund_org")} if m else dict(project_id=name)
        terms = storage_terms(rate, r.get("tiers"), "monthlyRatePerGB", GiB,
                              frac(m["free_gb"]) * GiB if m and "free_gb" in m else default_free,
                              frac(m.get("subsidy_percent", 0)) if m else Fraction(0),
                              frac(m.get("daily_credit", 0)) if m else Fraction(0))
        out.append(storage_charge(conv["source"], owner["project_id"] or name, r.get("serviceName", "Research Storage - Projects"),
                                  owner, used, terms, days))
    return out


# --- vm ----------------------------------------------------------------------------------------

def vm_rules(conv):
    t = rules(conv.get("tiers") or CONVERT["vm"]["tiers"])
    d = t.get("defaults", {})
    return t["tiers"], d.get("serviceName", "Azure Local - Virtual Machines"), frac(d.get("subsidyPercent", 0)), d.get("active", True)


def vm_charge(conv, name, tier, days, subsidy, owner, tiers, service):
    first, nxt = month_bounds(PERIOD)
    lst = frac(tiers[tier]["annualCost"]) / 12 * days / (nxt - first).days
    return charge(conv["source"], name, name, service, owner, lst, lst, lst * (100 - subsidy) / 100)


def hyperv(conv):
    tiers, service, default_subsidy, default_active = vm_rules(conv)
    excludes = [re.compile(p) for p in CONVERT["vm"].get("exclude_patterns", ["^infra-", "^template-"])]
    first, nxt = month_bounds(PERIOD)
    out = []
    for v in json.loads((ROOT / conv["inputs"][0]).read_text()):
        running = v["State"] in (2, "Running")
        if any(p.search(v["Name"]) for p in excludes) or (not running and not CONVERT["vm"].get("include_off", False)):
            continue
        n = json.loads(v["Notes"])
        if not n.get("FinOpsActive", default_active):
            continue
        created = date.fromisoformat(v["CreationTime"][:10])
        if created >= nxt:
            continue
        days = (nxt - max(created, first)).days
        owner = dict(pi_email=n.get("FinOpsPiEmail"), project_id=n.get("FinOpsProjectId"), fund_org=n.get("FinOpsFundOrg"))
        out.append(vm_charge(conv, v["Name"], n["FinOpsVmTier"], days, frac(n.get("FinOpsSubsidyPercent", default_subsidy)),
                             owner, tiers, service))
    return out


def vmcsv(conv):
    tiers, service, default_subsidy, _ = vm_rules(conv)
    out = []
    with open(ROOT / conv["inputs"][0], newline="") as f:
        for row in csv.DictReader(f):
            owner = {k: (row.get(k) or None) for k in ("pi_email", "project_id", "fund_org")}
            subsidy = frac(row["subsidy_percent"]) if row.get("subsidy_percent") else default_subsidy
            out.append(vm_charge(conv, row["name"], row["tier"], frac(row["running_days"]), subsidy, owner, tiers, service))
    return out


# --- tokens ------------------------------------------------------------------------------------

def tokens(conv):
    c = CONVERT["tokens"]
    pools = sorted(rules(c["pricing"])["credit_pools"], key=lambda p: p.get("effective_date", ""))
    users = {}
    for p in rules(c["projects"])["projects"]:
        for u in p["users"]:
            users[u["email"].lower()] = dict(pi_email=p.get("pi_email"), project_id=p["project_id"], fund_org=p.get("fund_org"))
    subsidies = [s for s in rules(c["subsidies"])["subsidies"] if s.get("enabled", True)]
    first, nxt = month_bounds(PERIOD)
    used = defaultdict(int)  # (subsidy, fiscal year, project) -> cents used this run (no earlier period is converted)
    out = []
    with open(ROOT / conv["inputs"][0], newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            m, d, y = map(int, row["date_partition"].split("/"))
            day = date(y, m, d)
            if not first <= day < nxt:
                continue
            pool = [p for p in pools if p.get("effective_date", "0000") <= str(day)][-1]
            cost = to_cents(frac(row["usage_credits"]) * frac(pool["purchase_amount"]) / frac(pool["credits_purchased"]))
            owner = users.get(row["email"].lower(), {})
            covered = 0
            rule = next((s for s in subsidies if "OpenAI" in s.get("applies_to_services", ["OpenAI"])
                         and ("*" in s.get("eligible_projects", ["*"]) or owner.get("project_id") in s["eligible_projects"])), None)
            if rule and owner:
                assert rule.get("type", "per_project_cap") == "per_project_cap" and rule.get("fiscal_year_start", "07-01") == "07-01"
                key = (rule["name"], day.year + (day.month >= 7), owner["project_id"])
                covered = max(0, min(cost, to_cents(frac(rule["cap_amount"])) - used[key]))
                used[key] += cost
            out.append(charge(conv["source"], f"openai:{row['usage_type']}:{row['email']}:{day}:usage",
                              f"OpenAI {row['usage_type']} (user: {row['email']})", "OpenAI", owner,
                              Fraction(cost, 100), Fraction(cost, 100), Fraction(cost - covered, 100), day, day + timedelta(days=1)))
    return out


# --- review and totals -------------------------------------------------------------------------

def flag(c):
    review = CONFIG["review"]
    if not c["pi_email"]:
        return "missing_pi"
    if not c["project_id"]:
        return "missing_project"
    if not c["fund_org"]:
        return "missing_fund_org"
    if review.get("fund_org_patterns") and not any(re.match(p, c["fund_org"], re.I) for p in review["fund_org_patterns"]):
        return "invalid_fund_org"
    for p in review.get("flag_patterns", []):
        if any(re.search(p, c[k]) for k in ("service", "resource_id", "resource_name")):
            return f"pattern_match:{p}"
    return None


def compute():
    kinds = dict(slurm=slurm, isilon=isilon, qumulo=qumulo, hyperv=hyperv, vmcsv=vmcsv, tokens=tokens)
    conversions = []
    for conv in CONVERSIONS:
        charges = kinds[conv["kind"]](conv)
        for c in charges:
            c["flag"] = flag(c)
        conversions.append(dict(source=conv["source"], kind=conv["kind"], inputs=conv["inputs"], charges=charges))
    by = defaultdict(lambda: dict(charges=0, list=0, contracted=0, billed=0))
    for conv in conversions:
        for c in conv["charges"]:
            if c["flag"] is None:
                g = by[(c["pi_email"], c["project_id"], c["fund_org"])]
                g["charges"] += 1
                for k in ("list", "contracted", "billed"):
                    g[k] += c[k]
    return dict(period=PERIOD, conversions=conversions,
                by_pi_project=[dict(pi_email=k[0], project_id=k[1], fund_org=k[2], **v) for k, v in sorted(by.items())])


def money(cents):
    return f"{'-' if cents < 0 else ''}{abs(cents) // 100:,}.{abs(cents) % 100:02d}"


def markdown(result):
    def esc(t):
        return (t or "—").replace("|", "\\|")
    out = [f"Period {result['period']}, amounts in USD (each charge rounded to the cent once).", ""]
    out += ["| source | charges | flagged | list | contracted | billed (on statements) |", "|---|---:|---:|---:|---:|---:|"]
    for conv in result["conversions"]:
        ok = [c for c in conv["charges"] if c["flag"] is None]
        out.append(f"| {conv['source']} | {len(conv['charges'])} | {len(conv['charges']) - len(ok)} | "
                   f"{money(sum(c['list'] for c in ok))} | {money(sum(c['contracted'] for c in ok))} | {money(sum(c['billed'] for c in ok))} |")
    out += ["", "**By PI × project** (converted charges on statements; add the FOCUS files' 2026-10 figures above for the whole statement)", "",
            "| pi_email | project_id | fund_org | charges | list | contracted | billed |", "|---|---|---|---:|---:|---:|---:|"]
    for g in result["by_pi_project"]:
        out.append(f"| {g['pi_email']} | {esc(g['project_id'])} | {g['fund_org']} | {g['charges']} | {money(g['list'])} | "
                   f"{money(g['contracted'])} | {money(g['billed'])} |")
    out += ["", "**Every charge**", "", "| source | resource | service | PI | project | list | contracted | billed | review |",
            "|---|---|---|---|---|---:|---:|---:|---|"]
    for conv in result["conversions"]:
        for c in conv["charges"]:
            out.append(f"| {conv['source']} | {esc(c['resource_id'])} | {esc(c['service'])} | {esc(c['pi_email'])} | "
                       f"{esc(c['project_id'])} | {money(c['list'])} | {money(c['contracted'])} | {money(c['billed'])} | {c['flag'] or ''} |")
    return "\n".join(out) + "\n"


def main(argv):
    result = compute()
    text = markdown(result)
    data = json.dumps(result, indent=1, ensure_ascii=False) + "\n"
    readme_path, json_path = ROOT / "sample_data/README.md", HERE / "expected_charges.json"
    readme = readme_path.read_text(encoding="utf-8")
    head, rest = readme.split(BEGIN)
    _, tail = rest.split(END)
    new_readme = f"{head}{BEGIN}\n\n{text}\n{END}{tail}"
    if "--update" in argv:
        readme_path.write_text(new_readme, encoding="utf-8")
        json_path.write_text(data, encoding="utf-8")
    elif "--check" in argv:
        stale = [p.name for p, want in ((readme_path, new_readme), (json_path, data))
                 if not p.exists() or p.read_text(encoding="utf-8") != want]
        if stale:
            print(f"out of date: {', '.join(stale)} (run {Path(__file__).name} --update)", file=sys.stderr)
            return 1
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
