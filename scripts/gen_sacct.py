#!/usr/bin/env python3
"""Synthetic Slurm accounting for `scripts/bench convert`: what `convert slurm`
reads from sacct (`sacct --allusers --allocations --parsable2
--format=JobID,JobIDRaw,Cluster,Account,User,Partition,AllocCPUS,ElapsedRaw,Start,End,State`
with SLURM_TIME_FORMAT=%s), one line per job, plus the rules to price it.

    python3 scripts/gen_sacct.py --jobs 1000000 --period 2026-10 --seed 42 OUT.txt [--rules DIR]

Jobs: ACCOUNTS accounts on 6 partitions, 1-128 CPUs, 1 s to 3 days; most end in the
period, ~1 % started in the month before (split by month), ~1 % are still running,
~0.5 % ended in the next month; states COMPLETED, TIMEOUT, OUT_OF_MEMORY, FAILED,
CANCELLED by UID, NODE_FAIL; a few accounts not in the accounts map. Deterministic
for a seed. With --rules DIR, also writes DIR/tiers.json and DIR/accounts.json.
"""
import argparse, calendar, json, random
from datetime import datetime, timezone
from pathlib import Path

PARTITIONS = {  # name: (SU multiplier, subsidy percent, weight)
    "cpu": (1, 0, 50), "cpu-long": (1, 0, 10), "largemem": (2, 0, 10),
    "gpu-a100": (68, 25, 15), "gpu-v100": (40, 25, 10), "cpu-free": (1, 100, 5),
}
STATES = [("COMPLETED", 80), ("TIMEOUT", 5), ("OUT_OF_MEMORY", 3), ("FAILED", 6), ("CANCELLED", 5), ("NODE_FAIL", 1)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--jobs", type=int, default=1_000_000)
    ap.add_argument("--accounts", type=int, default=2000)
    ap.add_argument("--period", default="2026-10")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--rules")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    y, m = map(int, a.period.split("-"))
    start = int(datetime(y, m, 1, tzinfo=timezone.utc).timestamp())
    end = start + calendar.monthrange(y, m)[1] * 86400
    accounts = [f"lab{i:04d}" for i in range(a.accounts)]
    parts, pweights = zip(*[(p, w) for p, (_, _, w) in PARTITIONS.items()])
    states, sweights = zip(*STATES)
    with open(a.out, "w") as f:
        f.write("JobID|JobIDRaw|Cluster|Account|User|Partition|AllocCPUS|ElapsedRaw|Start|End|State\n")
        for n in range(a.jobs):
            job = 1_000_000 + n
            account = rnd.choice(accounts) if rnd.random() > 0.002 else f"guest{rnd.randrange(5)}"
            partition = rnd.choices(parts, pweights)[0]
            cpus = rnd.choice((1, 1, 2, 4, 8, 16, 32, 64, 128))
            elapsed = int(rnd.expovariate(1 / 7200)) % 259_200 + 1
            r = rnd.random()
            if r < 0.01:  # started last month
                stop = start + rnd.randrange(1, 86400)
            elif r < 0.015:  # ends next month
                stop = end + rnd.randrange(1, 86400)
            else:
                stop = rnd.randrange(start + 1, end)
            begin = stop - elapsed
            state = rnd.choices(states, sweights)[0]
            if state == "CANCELLED":
                state = f"CANCELLED by {rnd.randrange(1000, 60000)}"
            stop_text = str(stop)
            if r > 0.99:  # still running
                state, stop_text = "RUNNING", "Unknown"
            job_id = f"{job}_{n % 7}" if n % 13 == 0 else str(job)
            f.write(f"{job_id}|{job}|bench|{account}|u{rnd.randrange(20000):05d}|{partition}|{cpus}|{elapsed}|{begin}|{stop_text}|{state}\n")
    if a.rules:
        d = Path(a.rules)
        d.mkdir(parents=True, exist_ok=True)
        tiers = {"serviceName": "Bench Cluster",
                 "partitions": {p: {"suMultiplier": mult, "subsidyPercent": sub} for p, (mult, sub, _) in PARTITIONS.items()},
                 "rates": {"suRate": 0.0125}, "billableStates": ["COMPLETED", "TIMEOUT", "OUT_OF_MEMORY"],
                 "excludeAccounts": ["root"]}
        (d / "tiers.json").write_text(json.dumps(tiers, indent=1) + "\n")
        owners = {acct: {"piEmail": f"pi{i % 1500:04d}@bench.example.edu", "projectId": f"proj-{acct}",
                         "fundOrg": f"{100000 + i:06d}-{i % 10000:04d}"} for i, acct in enumerate(accounts)}
        (d / "accounts.json").write_text(json.dumps({"accounts": owners}) + "\n")


if __name__ == "__main__":
    main()
