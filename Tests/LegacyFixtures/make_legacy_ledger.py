#!/usr/bin/env python3
"""Writes a small ledger of the legacy Python OpenChargeback 0.4.1 for our tests.

Usage: make_legacy_ledger.py OUT.db

The tables come from legacy_schema.sql; the rows are our own, fictional.
Money is bound as Python floats through the sqlite3 module, exactly as the
legacy tool (SQLAlchemy over pysqlite) stored it: REAL, binary doubles. SQL
literals would not do: SQLite's own text-to-double conversion is not always
the nearest double (it reads 1e-07 as 9.999999999999999e-08).

Times are written as the legacy tool wrote them: with microseconds when
Python's datetime.now() made them (local time), without when SQLite's
CURRENT_TIMESTAMP default did (UTC).

What is in it (the tests check these figures):
  2025-03 finalized: 7 charges, 2 rejected (one with a note, one without),
          one approved (missing_project), 3 statements, 4 e-mails (one whose
          statement is gone), 1 journal export, 1 review log row.
  2025-04 closed (reopened once): 2 charges; hpc has no import logged.
  2025-05 open: 5 charges, 2 awaiting review (one approved before and flagged
          again by a re-import), one without a resource id; imported twice.
"""
import os
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

PERIODS = [
    (1, "2025-03", "finalized", "2025-04-02 09:00:00.000001", "2025-04-05 10:00:00.250000", "ann",
     "2025-04-06 11:30:00.500000", None, None, None, None, "March close"),
    (2, "2025-04", "closed", "2025-05-02 09:00:00.000000", "2025-05-09 16:00:00.000000", None,
     None, None, "2025-05-07 12:00:00.000000", "ann", "late credit", None),
    (3, "2025-05", "open", "2025-06-02 09:00:00.123456", None, None, None, None, None, None, None, None),
]

SOURCES = [
    (1, "aws", "aws", "file", "2025-04-02 09:00:00.000100"),
    (2, "Azure Local", None, "file", "2025-04-02 09:00:00.000200"),
    (3, "hpc", "HPC cluster", "file", "2025-05-02 09:00:00.000300"),
]

IMPORTS = [
    (1, "aws_2025-03.csv", 1, 1, 5, 85.0 + 0.1 + 20227.000000000004 + 2040.0 + 300.0, 2, 2340.0, "2025-04-02 09:00:00"),
    (2, "azure-local_2025-03.csv", 2, 1, 2, -12.34 + 1e-07, 1, 1e-07, "2025-04-02 09:01:00"),
    (3, "aws_2025-04.csv", 1, 2, 1, 50.5, 0, 0.0, "2025-05-02 09:00:00"),
    (4, "aws_2025-05.csv", 1, 3, 4, 42.25, 1, 20.0, "2025-06-02 09:00:00"),
    (5, "aws_2025-05_v2.csv", 1, 3, 5, 45.25, 2, 23.0, "2025-06-03 09:00:00"),
]

TAGS_ADA = '{"pi_email": "ada@uni.edu", "project_id": "alpha", "fund_org": "F-100"}'

# id, period, source, start, end, list, contracted, billed, effective, resource id, resource name, service,
# pi, project, fund/org, ref 1, ref 2, raw tags, needs_review, reason, reviewed at, by, imported at,
# rejected at, by, note
CHARGES = [
    (1, 1, 1, "2025-03-01", "2025-03-31", 100.0, 85.0, 85.0, 85.0, "r-1", "web-1", "Amazon EC2",
     "ada@uni.edu", "alpha", "F-100", "G-1", "REQ-1",
     '{"pi_email": "ada@uni.edu", "project_id": "alpha", "fund_org": "F-100", "cost_center": "CC-9", "grant_number": "G-1"}',
     0, None, None, None, "2025-04-02 09:00:00", None, None, None),
    (2, 1, 1, "2025-03-01", "2025-03-31", 0.1, 0.1, 0.1, 0.1, "r-2", "tiny", "Amazon S3",
     "ada@uni.edu", "alpha", "F-100", None, None, TAGS_ADA, 0, None, None, None, "2025-04-02 09:00:00", None, None, None),
    (3, 1, 1, "2025-03-01", "2025-03-31", None, None, 20227.000000000004, None, "r-3", "big", "Amazon EC2",
     "ada@uni.edu", "alpha", "F-100", None, None, None, 0, None, None, None, "2025-04-02 09:00:00", None, None, None),
    (4, 1, 1, "2025-03-01", "2025-03-31", 2400.0, 2040.0, 2040.0, 2040.0, "r-gpu", "gpu-1", "Amazon EC2",
     "ada@uni.edu", "alpha", "F-100", None, None, '{"pi_email": "ada@uni.edu"}', 0, "pattern_match:GPU",
     "2025-04-03 10:00:00.000000", "bob", "2025-04-02 09:00:00", "2025-04-03 10:00:00.000000", "bob", "not ours"),
    (5, 1, 1, "2025-03-01", "2025-03-31", 300.0, 300.0, 300.0, 300.0, "r-gpu2", "gpu-2", "Amazon EC2",
     "ada@uni.edu", "alpha", "F-100", None, None, '{"pi_email": "ada@uni.edu"}', 0, "pattern_match:GPU",
     "2025-04-03 10:05:00.000000", None, "2025-04-02 09:00:00", "2025-04-03 10:05:00.000000", None, None),
    (6, 1, 2, "2025-03-01", "2025-03-31", -12.34, -12.34, -12.34, -12.34, "vm-1", "credit", "Azure Local VM",
     "bea@uni.edu", "beta", "F-200", None, None, '{"pi_email": "bea@uni.edu", "project_id": "beta", "fund_org": "F-200"}',
     0, None, None, None, "2025-04-02 09:01:00", None, None, None),
    (7, 1, 2, "2025-03-01", "2025-03-31", 1e-07, 1e-07, 1e-07, 1e-07, "vm-2", "tokens", "Azure Local VM",
     "bea@uni.edu", None, "F-200", None, None, '{"pi_email": "bea@uni.edu", "fund_org": "F-200"}',
     0, "missing_project", "2025-04-03 11:00:00.000000", "ann", "2025-04-02 09:01:00", None, None, None),
    (8, 2, 1, "2025-04-01T00:00:00Z", "2025-04-30T23:59:59Z", 60.0, 50.5, 50.5, 50.5, "r-1", "web-1", "Amazon EC2",
     "ada@uni.edu", "alpha", "F-100", None, None, TAGS_ADA, 0, None, None, None, "2025-05-02 09:00:00", None, None, None),
    (9, 2, 3, "2025-04-01", "2025-04-30", 600.0, 600.0, 0.0, 0.0, "node-1", "gpu-node", "HPC GPU",
     "cy@uni.edu", "gamma", "F-300", None, None, '{"pi_email": "cy@uni.edu", "project_id": "gamma", "fund_org": "F-300"}',
     0, "pattern_match:GPU", "2025-05-03 09:00:00.000000", None, "2025-05-02 09:00:00", None, None, None),
    (10, 3, 1, "2025-05-01", "2025-05-31", 12.0, 10.0, 10.0, 10.0, "r-1", "web-1", "Amazon EC2",
     "ada@uni.edu", "alpha", "F-100", None, None, TAGS_ADA, 0, None, None, None, "2025-06-03 09:00:00", None, None, None),
    (11, 3, 1, "2025-05-01", "2025-05-31", 20.0, 20.0, 20.0, 20.0, "r-9", "gpu-9", "Amazon EC2",
     "ada@uni.edu", "alpha", "F-100", None, None, TAGS_ADA, 1, "pattern_match:GPU", None, None, "2025-06-03 09:00:00",
     None, None, None),
    (12, 3, 1, "2025-05-01", "2025-05-31", 5.0, 5.0, 5.0, 5.0, None, "unnamed", "Amazon EC2",
     "ada@uni.edu", "alpha", "F-100", None, None, TAGS_ADA, 0, None, None, None, "2025-06-03 09:00:00", None, None, None),
    (13, 3, 1, "2025-05-02", "2025-05-31", 7.25, 7.25, 7.25, 7.25, "r-1", "web-1", "Amazon EC2",
     "ada@uni.edu", "alpha", "F-100", None, None, TAGS_ADA, 0, None, None, None, "2025-06-03 09:00:00", None, None, None),
    (14, 3, 1, "2025-05-01", "2025-05-31", 3.0, 3.0, 3.0, 3.0, "r-8", "gpu-8", "Amazon EC2",
     "ada@uni.edu", "alpha", "F-100", None, None, TAGS_ADA, 1, "pattern_match:GPU", "2025-06-02 15:00:00.000000", "ann",
     "2025-06-03 09:00:00", None, None, None),
]

# 2025-03's statements as the legacy tool totalled them (float sums).
STATEMENTS = [
    (1, 1, "ada@uni.edu", "alpha", "F-100", 85.0 + 0.1 + 20227.000000000004, 1, "2025-04-05 10:30:00.000000",
     "2025-04-05 10:31:00.000000", "output/pdfs/2025-03_ada_alpha.pdf"),
    (2, 1, "bea@uni.edu", "beta", "F-200", -12.34, 1, "2025-04-05 10:30:01.000000", None, "output/pdfs/2025-03_bea_beta.pdf"),
    (3, 1, "bea@uni.edu", None, "F-200", 1e-07, 1, "2025-04-05 10:30:02.000000", None, None),
]

EMAILS = [
    (1, 1, "ada@uni.edu", "Research Computing Charges - 2025-03", "2025-04-05 10:31:00.000000", "system", "success", None),
    (2, 2, "bea@uni.edu", "Research Computing Charges - 2025-03", "2025-04-05 10:31:05.000000", "system", "error",
     "SMTP 550 no such mailbox"),
    (3, 3, "bea@uni.edu", None, "2025-04-05 10:32:00.000000", None, "dev_mode", None),
    (4, None, "old@uni.edu", "Research Computing Charges - 2024-12", "2025-01-05 10:00:00.000000", "system", "success", None),
]

JOURNAL_EXPORTS = [
    (1, 1, "standard", 0, 5, 85.0 + 0.1 + 20227.000000000004 - 12.34 + 1e-07, "2025-04-05 12:00:00", "ann", "journal_2025-03.csv"),
]

REVIEW_LOGS = [
    (1, 1, 4, "rejected", "ada@uni.edu", "r-gpu", "Amazon EC2", 2040.0, "not ours", "2025-04-03 10:00:00", "bob"),
]


def main(out):
    if os.path.exists(out):
        os.remove(out)
    db = sqlite3.connect(out)
    with open(os.path.join(HERE, "legacy_schema.sql"), encoding="utf-8") as f:
        db.executescript(f.read())
    db.execute("INSERT INTO schema_version VALUES (10, '2025-03-01 08:00:00')")
    db.executemany("INSERT INTO billing_periods VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", PERIODS)
    db.executemany("INSERT INTO sources (id, name, display_name, source_type, created_at) VALUES (?,?,?,?,?)", SOURCES)
    db.executemany("INSERT INTO imports VALUES (?,?,?,?,?,?,?,?,?)", IMPORTS)
    db.executemany("""INSERT INTO charges (id, billing_period_id, source_id, charge_period_start, charge_period_end, list_cost,
        contracted_cost, billed_cost, effective_cost, resource_id, resource_name, service_name, pi_email, project_id, fund_org,
        reference_1, reference_2, raw_tags, needs_review, review_reason, reviewed_at, reviewed_by, imported_at, rejected_at,
        rejected_by, rejection_note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", CHARGES)
    db.executemany("INSERT INTO statements VALUES (?,?,?,?,?,?,?,?,?,?)", STATEMENTS)
    db.executemany("INSERT INTO email_logs VALUES (?,?,?,?,?,?,?,?)", EMAILS)
    db.executemany("INSERT INTO journal_exports VALUES (?,?,?,?,?,?,?,?,?)", JOURNAL_EXPORTS)
    db.executemany("INSERT INTO review_logs VALUES (?,?,?,?,?,?,?,?,?,?,?)", REVIEW_LOGS)
    db.execute("""INSERT INTO users (id, username, email, display_name, password_hash, role)
        VALUES (1, 'admin', 'admin@uni.edu', 'Admin', '$2b$12$notarealhashnotarealhashnotarealhashnotarealha', 'admin')""")
    db.commit()
    db.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_legacy_ledger.py OUT.db")
    main(sys.argv[1])
