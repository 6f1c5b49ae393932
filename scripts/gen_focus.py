#!/usr/bin/env python3
"""Deterministic large FOCUS CSV generator for OpenChargeback benchmarks.

    python3 scripts/gen_focus.py --rows 1000000 --pis 2000 --period 2026-10 --seed 42 OUT.csv

Writes the same 16-column FOCUS 1.2 subset as sample_data/ (UTF-8, LF, RFC 4180 quoting),
streaming in batches (constant memory). The output depends only on the arguments: the same
seed gives byte-identical files (only random.Random(seed).random() is used, whose sequence is
stable across CPython versions).

What the rows look like:
  * one billing period (BillingPeriodEnd = first day of the next month), daily charge periods
    spread over every day of the month; dates as `2026-10-01` (--date-style iso gives
    `2026-10-01T00:00:00Z`, about 40 bytes more per row; space gives `2026-10-01 00:00:00`);
  * a mix of AWS-, Azure-, HPC- and storage-like services; every project owns a few
    resources (ARNs, Azure resource paths, Slurm accounts, storage paths), and a project's
    usage lands on its own resources;
  * costs with 2 to 10 decimals; ContractedCost = ListCost × a per-service discount
    (truncated to the amount's precision), BilledCost = ContractedCost or a subsidised share
    of it, EffectiveCost = BilledCost;
  * Tags JSON with pi_email (--pis PIs at northfield.example.edu), project_id (~3 per PI,
    skewed so a few projects are much busier than most) and fund_org (NNNNNN-NNNN);
  * ~1 % of rows miss one of the three tags (the tool flags them) and ~3 % are credits
    (ChargeCategory Credit, negative amounts).
With --hugo-site LEDGER, OUT is instead a Hugo site folder (scripts/bench scale): the same
4 + 2 x PIs pages as `openchargeback build` makes for the ledger's one period (dashboard,
finance, period, review; per PI a history page and a statement page), as Markdown, each
statement with a table per project holding the same line items our statement page shows.

--narrow writes the 10 columns a minimal FOCUS export has instead (BillingPeriodStart,
BillingPeriodEnd, ChargePeriodStart, ChargePeriodEnd, BilledCost, EffectiveCost, ListCost,
ResourceId, ServiceName, Tags: ~260 bytes/row, of which the Tags JSON is ~120), from the same random draws as the wide file.
At the end it prints the path, the number of rows and the size in bytes. The file is written
to OUT.tmp and renamed, so an interrupted run never leaves a truncated OUT.

Measured (CPython 3.11, one core): 1,000,000 rows -> 314 MB (~314 bytes/row; ~354 with
--date-style iso) in about 8 s, 36 MB peak RSS.
"""
import argparse
import calendar
import json
import os
import sys
import time
from random import Random

HEADER = ("BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BillingCurrency,"
          "ServiceName,ChargeCategory,ChargeDescription,ResourceId,ResourceName,SkuId,ListCost,"
          "ContractedCost,BilledCost,EffectiveCost,Tags\n")
NARROW_HEADER = ("BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,"
                 "EffectiveCost,ListCost,ResourceId,ServiceName,Tags\n")
DOMAIN = "northfield.example.edu"
BATCH = 20_000
MISSING_TAG_RATE = 0.01
CREDIT_RATE = 0.03

FIRST = ("amara liang zoe rajesh maria sven hannah david priya tomas ingrid kwame mei lucas "
         "fatima oskar elena yusuf chloe mateo aiko nikolai grace omar lena diego sara jonas "
         "nadia felix ruth arjun ivana samuel leila hugo noor pavel alma kenji rosa emeka clara "
         "anders beatriz tariq julia marco anya bruno esther wei linnea carlos hana viktor "
         "imani paulo keiko dmitri").split()
LAST = ("okafor chen lefevre iyer gonzalez bjornsson kim mensah patel novak lindqvist asante "
        "wong silva haddad berg petrova demir martin rossi tanaka volkov obrien nasser weber "
        "morales lund becker hoffmann moreau nakamura ivanova costa fischer almeida schmidt "
        "garcia kowalski eriksen yamamoto mwangi duarte jensen ortiz khan larsen dubois "
        "romero sato hansen takahashi pereira nowak laine ferreira mori virtanen").split()
TOPICS = ("genomics climate vision protein coastal astro neuro econ lattice sensors imaging "
          "materials seismic ecology quantum linguistics epidemiology robotics hydrology "
          "cryoem metabolomics oceans plasma polymers").split()

# (source kind, ServiceName, SkuId, description, typical list cost in dollars per daily row,
#  decimals, discount numerator/denominator, billed share numerator/denominator)
SERVICES = (
    ("ec2", "Amazon Elastic Compute Cloud", "EC2-C6I-4XL", "c6i.4xlarge Linux", 16.0, 10, 85, 100, 1, 1),
    ("ec2", "Amazon Elastic Compute Cloud", "EC2-G5-XL", "g5.xlarge Linux", 24.0, 10, 85, 100, 1, 1),
    ("ebs", "Amazon Elastic Compute Cloud", "EBS-GP3", "EBS gp3 GB-month", 3.0, 10, 85, 100, 1, 1),
    ("s3", "Amazon Simple Storage Service", "S3-STD-GB", "S3 Standard GB-month", 2.5, 10, 85, 100, 1, 1),
    ("s3", "Amazon Simple Storage Service", "S3-REQ-GET", "S3 GET requests", 0.004, 10, 85, 100, 1, 1),
    ("sm", "Amazon SageMaker", "SM-G5-2XL", "ml.g5.2xlarge train", 36.0, 10, 85, 100, 1, 1),
    ("vm", "Virtual Machines", "DSv5-D16s", "D16s v5 hours", 18.0, 6, 95, 100, 1, 1),
    ("blob", "Storage", "BLOB-HOT-LRS", "Hot LRS block blob", 3.0, 6, 95, 100, 1, 1),
    ("aml", "Azure Machine Learning", "AML-NC6SV3", "NC6s v3 cluster", 30.0, 6, 95, 100, 1, 1),
    ("hpc", "HPC CPU Compute", "HPC-CPU-CORE-HR", "CPU core-hours", 20.0, 4, 1, 1, 1, 2),
    ("hpcg", "HPC GPU Compute", "HPC-GPU-A100-HR", "A100 GPU-hours", 40.0, 4, 1, 1, 3, 4),
    ("nfs", "Research Storage (Tier 1)", "STOR-T1-TBMO", "Tier 1 TB-day", 1.5, 2, 1, 1, 1, 1),
    ("tape", "Archive Storage", "STOR-ARC-TBMO", "Archive TB-day", 0.6, 2, 1, 1, 1, 1),
)
ACCOUNTS = ("123456789012", "210987654321", "345678901234", "456789012345")


def csv_cell(text):
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1000, help="data rows to write (default 1000)")
    ap.add_argument("--pis", type=int, default=2000, help="number of PIs (default 2000)")
    ap.add_argument("--period", default="2026-10", help="billing period YYYY-MM (default 2026-10)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--pool-seed", type=int, default=None,
                    help="seed of the PIs, projects and resources only (default: --seed); the same value "
                         "gives files of several periods the same population")
    ap.add_argument("--date-style", choices=("date", "iso", "space"), default="date",
                    help="timestamps as 2026-10-01 (default), 2026-10-01T00:00:00Z or 2026-10-01 00:00:00")
    ap.add_argument("--hugo-site", metavar="LEDGER", default=None,
                    help="write a Hugo site of LEDGER's statements into the folder OUT instead of a CSV")
    ap.add_argument("--narrow", action="store_true",
                    help="only the 10 columns of a minimal FOCUS export (dates, three costs, ResourceId, "
                         "ServiceName, Tags)")
    ap.add_argument("out", help="output CSV path, or - for standard output")
    a = ap.parse_args(argv)
    if a.rows < 0 or a.pis < 1:
        ap.error("--rows must be >= 0 and --pis >= 1")
    try:
        year, month = (int(x) for x in a.period.split("-"))
        if len(a.period) != 7 or not 1 <= month <= 12:
            raise ValueError
    except ValueError:
        ap.error(f"--period must be YYYY-MM, got {a.period!r}")
    a.year, a.month = year, month
    return a


def build_pools(rng, n_pis):
    r = rng.random
    pick = lambda seq: seq[int(r() * len(seq))]

    # PIs: unique first.last, numbered once the name combinations run out.
    emails, seen = [], set()
    while len(emails) < n_pis:
        base = f"{pick(FIRST)[0]}{pick(LAST)}"
        email = base if base not in seen else f"{base}{len(emails)}"
        if email in seen:
            continue
        seen.add(email)
        emails.append(f"{email}@{DOMAIN}")

    # Projects: 1-5 per PI (mean 3), each with its own fund/org and a few resources.
    projects = []  # (normal tags cell, [3 tags cells with one tag missing], [resource parts])
    for pi_index, email in enumerate(emails):
        fund_base = 100000 + int(r() * 900000)
        for k in range(1 + int(r() * 5)):
            topic = pick(TOPICS)
            project_id = f"{topic[:7]}-{pi_index:x}{k + 1}"
            fund = f"{fund_base}-{1000 + int(r() * 9000)}"
            tags = {"pi_email": email, "project_id": project_id, "fund_org": fund}
            normal = csv_cell(json.dumps(tags, separators=(",", ":")))
            missing = [csv_cell(json.dumps({k2: v for k2, v in tags.items() if k2 != drop}, separators=(",", ":")))
                       for drop in ("pi_email", "project_id", "fund_org")]
            resources = [make_resource(rng, pick(SERVICES), topic[:7], project_id, k)
                         for _ in range(1 + int(r() * 4))]
            projects.append((normal, missing, resources))

    # Skewed project popularity: sample 2^16 slots with weight 1/(rank+1)^0.8.
    n = len(projects)
    weights = [1.0 / (i + 1) ** 0.8 for i in range(n)]
    order = list(range(n))
    for i in range(n - 1, 0, -1):  # Fisher-Yates with r(), so rank is not PI order
        j = int(r() * (i + 1))
        order[i], order[j] = order[j], order[i]
    total = sum(weights)
    slots, acc, idx = [], 0.0, 0
    size = 1 << 16
    for s in range(size):
        target = (s + 0.5) / size * total
        while acc + weights[idx] < target and idx < n - 1:
            acc += weights[idx]
            idx += 1
        slots.append(order[idx])
    # Make sure every project appears at least somewhere when the pool is small enough.
    if n <= size // 4:
        for p in range(n):
            slots[int(r() * size)] = p
    return emails, projects, slots


def make_resource(rng, svc, topic, name, k):
    """One resource of a project: (prefix 'Service,Category,Desc,Id,Name,Sku,', credit prefix, costs params)."""
    kind, service, sku, desc, typical, decimals, dn, dd, bn, bd = svc
    if decimals == 10:  # cloud line items: 10 decimals on some resources, fewer on others
        decimals = (4, 6, 8, 10, 10)[int(rng.random() * 5)]
    h = "%015x" % int(rng.random() * (1 << 60))
    acct = ACCOUNTS[int(rng.random() * len(ACCOUNTS))]
    rname = ""  # FOCUS ResourceName is often empty; the id carries the name then
    if kind == "ec2":
        rid, rname = f"arn:aws:ec2:us-east-1:{acct}:instance/i-0{h[:16]}", f"{topic}-{k + 1}"
    elif kind == "ebs":
        rid = f"arn:aws:ec2:us-east-1:{acct}:volume/vol-0{h[:16]}"
    elif kind == "s3":
        rid = f"arn:aws:s3:::{name}"
    elif kind == "sm":
        rid = f"arn:aws:sagemaker:us-east-1:{acct}:training-job/{name}"
    elif kind in ("vm", "blob", "aml"):
        provider, rname = {"vm": ("Compute/virtualMachines", f"vm-{h[8:12]}"),
                           "blob": ("Storage/storageAccounts", f"st{h[8:14]}"),
                           "aml": ("MachineLearningServices/workspaces", "aml")}[kind]
        rid = f"/subscriptions/{h[:8]}/resourceGroups/rg-{topic}/providers/Microsoft.{provider}/{rname}"
    elif kind in ("hpc", "hpcg"):
        rid = f"slurm:hpc:{name}:{'cpu' if kind == 'hpc' else 'gpu'}"
        rname = name
    elif kind == "nfs":
        rid = f"nfs:/proj/{name}"
    else:
        rid = f"tape:/archive/{name}"
    usage = ",".join((csv_cell(service), "Usage", csv_cell(desc), csv_cell(rid), csv_cell(rname), sku)) + ","
    credit = ",".join((csv_cell(service), "Credit", "Research credit", "", "", "CREDIT")) + ","
    # The narrow shape's ResourceId,ServiceName, written after the costs.
    narrow_usage = ",".join((csv_cell(rid), csv_cell(service))) + ","
    narrow_credit = "," + csv_cell(service) + ","
    scale = 10 ** decimals
    # Per-resource size in units of 10^-decimals: log-uniform-ish around the typical cost.
    mean_units = max(1, int(typical * scale * (0.1 + 3.0 * rng.random() ** 2)))
    return usage, credit, decimals, scale, mean_units, dn, dd, bn, bd, narrow_usage, narrow_credit


def fmt_amount(units, decimals, scale):
    if units < 0:
        return "-" + fmt_amount(-units, decimals, scale)
    return "%d.%0*d" % (units // scale, decimals, units % scale)


def generate(args):
    rng = Random(args.seed)
    # The PIs, projects and resources come from --pool-seed when given, so
    # several periods can share one population while their rows differ.
    pool_rng = Random(args.pool_seed) if args.pool_seed is not None else rng
    r = rng.random
    emails, projects, slots = build_pools(pool_rng, args.pis)
    n_slots = len(slots)

    year, month = args.year, args.month
    ny, nm = (year + 1, 1) if month == 12 else (year, month + 1)
    days = calendar.monthrange(year, month)[1]
    iso = {"date": "%04d-%02d-%02d", "iso": "%04d-%02d-%02dT00:00:00Z",
           "space": "%04d-%02d-%02d 00:00:00"}[args.date_style]
    bps, bpe = iso % (year, month, 1), iso % (ny, nm, 1)
    day_prefix = []
    for d in range(1, days + 1):
        end = iso % (year, month, d + 1) if d < days else bpe
        if args.narrow:
            day_prefix.append(f"{bps},{bpe},{iso % (year, month, d)},{end},")
        else:
            day_prefix.append(f"{bps},{bpe},{iso % (year, month, d)},{end},USD,")

    fmt = fmt_amount
    written = 0
    tmp = args.out + ".tmp" if args.out != "-" else None
    out = sys.stdout if tmp is None else open(tmp, "w", encoding="utf-8", newline="")
    try:
        out.write(NARROW_HEADER if args.narrow else HEADER)
        narrow = args.narrow
        remaining = args.rows
        while remaining > 0:
            n = min(BATCH, remaining)
            lines = []
            append = lines.append
            for _ in range(n):
                normal, missing, resources = projects[slots[int(r() * n_slots)]]
                (usage, credit, decimals, scale, mean_units, dn, dd, bn, bd,
                 narrow_usage, narrow_credit) = resources[int(r() * len(resources))]
                x = r()
                units = 1 + int(mean_units * (0.2 + 1.6 * x))
                if x < CREDIT_RATE:  # credit: same amount in every column, negative
                    a = fmt(-units, decimals, scale)
                    if narrow:
                        costs, part = f"{a},{a},{a},", narrow_credit
                    else:
                        costs, part = f"{a},{a},{a},{a},", credit
                else:
                    contracted = units * dn // dd
                    billed = contracted * bn // bd
                    b = fmt(billed, decimals, scale)
                    if narrow:
                        costs, part = f"{b},{b},{fmt(units, decimals, scale)},", narrow_usage
                    else:
                        costs = f"{fmt(units, decimals, scale)},{fmt(contracted, decimals, scale)},{b},{b},"
                        part = usage
                y = r()
                tags = missing[int(y * 300) % 3] if y < MISSING_TAG_RATE else normal
                if narrow:
                    append(day_prefix[int(r() * days)] + costs + part + tags + "\n")
                else:
                    append(day_prefix[int(r() * days)] + part + costs + tags + "\n")
            out.writelines(lines)
            written += n
            remaining -= n
    finally:
        if tmp is not None:
            out.close()
    if tmp is not None:
        os.replace(tmp, args.out)
    return written


def money(nanos):
    """Display only (the Hugo comparison site): nanos as dollars with cents, half away from zero."""
    cents = (abs(nanos) + 5_000_000) // 10_000_000
    return ("-" if nanos < 0 else "") + "$" + f"{cents // 100:,}.{cents % 100:02d}"


def md_cell(text):
    return (text or "").replace("|", "\\|").replace("\n", " ")


def hugo_site(ledger, out):
    """The comparison site for Hugo: one Markdown page per page our build writes, same rows."""
    import sqlite3
    db = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
    period = db.execute("SELECT period FROM periods ORDER BY period DESC LIMIT 1").fetchone()[0]
    os.makedirs(os.path.join(out, "layouts", "_default"), exist_ok=True)
    with open(os.path.join(out, "hugo.toml"), "w") as f:
        f.write('baseURL = "https://billing.example.edu/"\ntitle = "Research computing billing"\n'
                'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
                '[markup.goldmark.renderer]\nunsafe = false\n')
    page = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>'
            '</head><body><header><a href="/">Dashboard</a></header><main><h1>{{ .Title }}</h1>{{ .Content }}</main>'
            '<footer>Hugo</footer></body></html>\n')
    for name in ("single.html", "list.html"):
        with open(os.path.join(out, "layouts", "_default", name), "w") as f:
            f.write(page)
    content = os.path.join(out, "content")

    def write(rel, title, body):
        path = os.path.join(content, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(f'---\ntitle: "{title}"\n---\n\n{body}')

    write("_index.md", "Billing dashboard", f"Period [{period}](/periods/{period}/).\n")
    write("finance/_index.md", "Finance", f"Journals of {period}.\n")
    write(f"periods/{period}/_index.md", f"Period {period}", "Statements of the period.\n")
    write(f"periods/{period}/review.md", f"Review: period {period}", "Flagged charges.\n")
    rows = db.execute("""
        SELECT lower(c.pi_email), c.pi_email, COALESCE(c.project_id, '(no project)'), c.charge_period_start, s.name,
               c.service_name, c.resource_id, c.resource_name, c.charge_description, c.list_nanos, c.contracted_nanos, c.billed_nanos
        FROM charges c JOIN sources s ON s.id = c.source_id
        WHERE c.period = ? AND c.review_status IN ('none', 'approved')
        ORDER BY lower(c.pi_email), c.project_id, c.charge_period_start, s.name, c.line, c.id""", (period,))
    header = "| Date | Source | Service | Resource | Description | List | Contracted | Billed |\n|---|---|---|---|---|--:|--:|--:|\n"
    pages, lines = 4, 0

    def flush(pi, email, projects):
        nonlocal pages
        slug = pi.replace("@", "_")
        body = []
        total = 0
        for project, items in projects:
            billed = sum(r[11] for r in items)
            total += billed
            body.append(f"## Project {md_cell(project)}\n\nAmount due: **{money(billed)}**\n\n" + header +
                        "".join(f"| {(r[3] or '')[:10]} | {md_cell(r[4])} | {md_cell(r[5])} | {md_cell(r[6])} | "
                                f"{md_cell(r[7] or r[8])} | {money(r[9])} | {money(r[10])} | {money(r[11])} |\n" for r in items) + "\n")
        write(f"pi/{slug}/{period}.md", f"Statement {period}: {email}", f"Amount due: **{money(total)}**\n\n" + "".join(body))
        write(f"pi/{slug}/_index.md", email,
              "| Period | Project | Billed |\n|---|---|--:|\n" +
              "".join(f"| [{period}](/pi/{slug}/{period}/) | {md_cell(p)} | {money(sum(r[11] for r in items))} |\n" for p, items in projects))
        pages += 2

    current, email, projects = None, None, []
    for r in rows:
        lines += 1
        if r[0] != current:
            if current is not None:
                flush(current, email, projects)
            current, email, projects = r[0], r[1], []
        if not projects or projects[-1][0] != r[2]:
            projects.append((r[2], []))
        projects[-1][1].append(r)
    if current is not None:
        flush(current, email, projects)
    print(f"{out}: Hugo site of {pages} pages, {lines} line items (period {period})")


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.hugo_site:
        hugo_site(args.hugo_site, args.out)
        return
    start = time.perf_counter()
    rows = generate(args)
    elapsed = time.perf_counter() - start
    if args.out == "-":  # keep standard output pure CSV
        print(f"-: {rows} rows, {elapsed:.1f} s", file=sys.stderr)
    else:
        size = os.path.getsize(args.out)
        per_row = f" ({size / rows:.0f} bytes/row)" if rows else ""
        print(f"{args.out}: {rows} rows, {size} bytes{per_row}, {elapsed:.1f} s")


if __name__ == "__main__":
    main()
