import GRDB

/// The ledger's schema as numbered migrations. A migration, once released, is
/// never edited: a change is a new migration appended at the end.
enum LedgerSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 ledger tables", migrate: v1LedgerTables)
        migrator.registerMigration("v2 period guards", migrate: v2PeriodGuards)
        migrator.registerMigration("v3 notifications", migrate: v3Notifications)
        migrator.registerMigration("v4 legacy ledger", migrate: v4LegacyLedger)
        migrator.registerMigration("v5 audit trail", migrate: v5AuditTrail)
        return migrator
    }

    /// Money columns end in `_nanos`: exact INTEGER nano-units (see `Money`).
    /// Timestamps are ISO 8601 UTC text.
    private static func v1LedgerTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE periods (
                period TEXT PRIMARY KEY NOT NULL
                    CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
                status TEXT NOT NULL DEFAULT 'open'
                    CHECK (status IN ('open', 'closed', 'finalized')),
                opened_at TEXT NOT NULL,
                opened_by TEXT NOT NULL,
                closed_at TEXT,
                closed_by TEXT,
                finalized_at TEXT,
                finalized_by TEXT,
                reopened_at TEXT,
                reopened_by TEXT,
                reopen_reason TEXT,
                notes TEXT
            );

            CREATE TABLE sources (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                display_name TEXT,
                created_at TEXT NOT NULL
            );

            CREATE TABLE imports (
                id INTEGER PRIMARY KEY,
                source_id INTEGER NOT NULL REFERENCES sources(id),
                file_name TEXT NOT NULL,
                file_path TEXT NOT NULL,
                file_sha256 TEXT NOT NULL,
                file_bytes INTEGER NOT NULL,
                requested_period TEXT,
                rows_read INTEGER NOT NULL,
                rows_inserted INTEGER NOT NULL,
                rows_updated INTEGER NOT NULL,
                rows_unchanged INTEGER NOT NULL,
                rows_invalid INTEGER NOT NULL,
                rows_flagged INTEGER NOT NULL,
                billed_nanos INTEGER NOT NULL,
                rejects_path TEXT,
                actor TEXT NOT NULL,
                imported_at TEXT NOT NULL
            );
            CREATE INDEX imports_by_source ON imports(source_id);

            -- Per import and period: what the import did to that period's ledger.
            -- inserted rows and the billed delta (inserted amounts plus changes
            -- of updated rows) let `reconcile` check the charges table against
            -- an independent running total.
            CREATE TABLE import_periods (
                import_id INTEGER NOT NULL REFERENCES imports(id),
                period TEXT NOT NULL REFERENCES periods(period),
                rows_read INTEGER NOT NULL,
                rows_inserted INTEGER NOT NULL,
                rows_updated INTEGER NOT NULL,
                rows_unchanged INTEGER NOT NULL,
                rows_flagged INTEGER NOT NULL,
                billed_nanos INTEGER NOT NULL,
                flagged_nanos INTEGER NOT NULL,
                billed_delta_nanos INTEGER NOT NULL,
                PRIMARY KEY (import_id, period)
            );
            CREATE INDEX import_periods_by_period ON import_periods(period);

            -- One FOCUS row. Its identity (see charge_keys) is the digest of the
            -- row's natural key and its ordinal among rows sharing that key;
            -- `content_hash` hashes everything else, so a re-ingest can tell
            -- unchanged from updated.
            -- review_status: none (billable), pending (flagged, awaiting review),
            -- approved (flagged, then approved: billable), rejected.
            CREATE TABLE charges (
                id INTEGER PRIMARY KEY,
                period TEXT NOT NULL REFERENCES periods(period),
                source_id INTEGER NOT NULL REFERENCES sources(id),
                content_hash BLOB NOT NULL,
                import_id INTEGER NOT NULL REFERENCES imports(id),
                line INTEGER NOT NULL,
                billing_period_start TEXT NOT NULL,
                charge_period_start TEXT,
                charge_period_end TEXT,
                service_name TEXT,
                charge_category TEXT,
                charge_description TEXT,
                resource_id TEXT,
                resource_name TEXT,
                sku_id TEXT,
                billing_currency TEXT,
                list_nanos INTEGER NOT NULL,
                contracted_nanos INTEGER NOT NULL,
                billed_nanos INTEGER NOT NULL,
                effective_nanos INTEGER NOT NULL,
                pi_email TEXT NOT NULL,
                project_id TEXT,
                fund_org TEXT,
                cost_center TEXT,
                account_code TEXT,
                reference_1 TEXT,
                reference_2 TEXT,
                tags TEXT NOT NULL,
                review_status TEXT NOT NULL
                    CHECK (review_status IN ('none', 'pending', 'approved', 'rejected')),
                flag_reason TEXT,
                CHECK ((review_status = 'none') = (flag_reason IS NULL))
            );
            -- Reports read a whole period at a time. New charges of the newest
            -- period append at the end of this index, so it costs ingest little.
            CREATE INDEX charges_by_period ON charges(period);
            CREATE INDEX charges_pending ON charges(period, review_status) WHERE review_status = 'pending';

            -- The identity index, kept as its own table: ingest fills it for a
            -- new (period, source) in one sorted insert after the rows are
            -- written, which is several times cheaper than maintaining a
            -- unique index at a random position per row. Its primary key is
            -- what makes an identity unique. No foreign key on charge_id on
            -- purpose: checking it visits the charges in identity order, i.e.
            -- at random, which on a large ledger turns into disk reads;
            -- `reconcile` checks instead that every charge has exactly one key.
            CREATE TABLE charge_keys (
                period TEXT NOT NULL,
                source_id INTEGER NOT NULL,
                identity BLOB NOT NULL,
                charge_id INTEGER NOT NULL,
                PRIMARY KEY (period, source_id, identity)
            ) WITHOUT ROWID;

            CREATE TABLE review_decisions (
                id INTEGER PRIMARY KEY,
                charge_id INTEGER NOT NULL REFERENCES charges(id),
                period TEXT NOT NULL,
                decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
                flag_reason TEXT NOT NULL,
                billed_nanos INTEGER NOT NULL,
                actor TEXT NOT NULL,
                decided_at TEXT NOT NULL,
                note TEXT,
                batch TEXT
            );
            CREATE INDEX review_decisions_by_charge ON review_decisions(charge_id);

            CREATE TABLE statements (
                id INTEGER PRIMARY KEY,
                period TEXT NOT NULL REFERENCES periods(period),
                pi_email TEXT NOT NULL,
                project_id TEXT NOT NULL,
                fund_org TEXT NOT NULL,
                total_nanos INTEGER NOT NULL,
                path TEXT,
                sha256 TEXT,
                generated_at TEXT NOT NULL,
                UNIQUE (period, pi_email, project_id, fund_org)
            );

            CREATE TABLE journal_exports (
                id INTEGER PRIMARY KEY,
                period TEXT NOT NULL REFERENCES periods(period),
                format TEXT NOT NULL,
                path TEXT NOT NULL,
                rows INTEGER NOT NULL,
                debit_nanos INTEGER NOT NULL,
                credit_nanos INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                actor TEXT NOT NULL,
                exported_at TEXT NOT NULL
            );

            -- Every state change, in order: period transitions, imports, charge
            -- changes on re-ingest, review decisions, source changes.
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                period TEXT,
                entity TEXT NOT NULL,
                entity_id TEXT,
                details TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX audit_by_period ON audit_log(period);
            """)
    }

    /// Refuses a charge added to a closed or finalized period. Ingest lifts it
    /// inside its own write transaction (see `InsertGuardSuspension`). Part of
    /// migration v2: never edit, replace it in a new migration.
    static let chargesInsertGuard = """
        CREATE TRIGGER charges_insert_guard BEFORE INSERT ON charges
        WHEN (SELECT status FROM periods WHERE period = NEW.period) IN ('closed', 'finalized')
        BEGIN SELECT RAISE(ABORT, 'period is closed or finalized: charges cannot be added'); END
        """

    /// Triggers, so that no write from any tool (sqlite3 included) can change
    /// the charges of a finalized period, import into a closed one, or undo a
    /// finalization. The store checks the same rules first to give friendlier
    /// errors; these are the guarantee.
    private static func v2PeriodGuards(_ db: Database) throws {
        try db.execute(sql: """
            \(chargesInsertGuard);

            CREATE TRIGGER charges_update_guard BEFORE UPDATE ON charges
            WHEN (SELECT status FROM periods WHERE period = OLD.period) = 'finalized'
              OR (SELECT status FROM periods WHERE period = NEW.period) = 'finalized'
            BEGIN SELECT RAISE(ABORT, 'period is finalized: its charges cannot change'); END;

            CREATE TRIGGER charges_update_closed_guard BEFORE UPDATE OF
                period, source_id, content_hash, list_nanos, contracted_nanos,
                billed_nanos, effective_nanos, pi_email, project_id, fund_org ON charges
            WHEN (SELECT status FROM periods WHERE period = OLD.period) = 'closed'
            BEGIN SELECT RAISE(ABORT, 'period is closed: reopen it before changing its charges'); END;

            CREATE TRIGGER charges_delete_guard BEFORE DELETE ON charges
            WHEN (SELECT status FROM periods WHERE period = OLD.period) = 'finalized'
            BEGIN SELECT RAISE(ABORT, 'period is finalized: its charges cannot be deleted'); END;

            CREATE TRIGGER periods_finalized_guard BEFORE UPDATE ON periods
            WHEN OLD.status = 'finalized'
            BEGIN SELECT RAISE(ABORT, 'period is finalized: it is permanent'); END;

            CREATE TRIGGER periods_delete_guard BEFORE DELETE ON periods
            WHEN OLD.status = 'finalized'
            BEGIN SELECT RAISE(ABORT, 'period is finalized: it cannot be deleted'); END;

            CREATE TRIGGER review_decisions_guard BEFORE INSERT ON review_decisions
            WHEN (SELECT status FROM periods WHERE period = NEW.period) = 'finalized'
            BEGIN SELECT RAISE(ABORT, 'period is finalized: no more review decisions'); END;

            CREATE TRIGGER review_decisions_immutable BEFORE UPDATE ON review_decisions
            BEGIN SELECT RAISE(ABORT, 'review decisions are a permanent record'); END;

            CREATE TRIGGER review_decisions_undeletable BEFORE DELETE ON review_decisions
            BEGIN SELECT RAISE(ABORT, 'review decisions are a permanent record'); END;

            CREATE TRIGGER audit_log_immutable BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

            CREATE TRIGGER audit_log_undeletable BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """)
    }

    /// Every e-mail `notify` sent, wrote (dev mode, `--to-dir`) or failed to
    /// send: one row per attempt at a PI's notice, append-only. A PI counts as
    /// notified for a period by their latest `sent` row; its `content_digest`
    /// (the statement's) tells whether the statement changed since.
    private static func v3Notifications(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE notifications (
                id INTEGER PRIMARY KEY,
                period TEXT NOT NULL REFERENCES periods(period),
                pi_email TEXT NOT NULL,
                recipient TEXT NOT NULL,
                subject TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('sent', 'failed', 'dev_mode')),
                error TEXT,
                message_id TEXT,
                statement_ids TEXT NOT NULL,
                content_digest TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                eml_path TEXT,
                actor TEXT NOT NULL,
                at TEXT NOT NULL
            );
            CREATE INDEX notifications_by_period ON notifications(period, pi_email);

            CREATE TRIGGER notifications_immutable BEFORE UPDATE ON notifications
            BEGIN SELECT RAISE(ABORT, 'the notification log is append-only'); END;

            CREATE TRIGGER notifications_undeletable BEFORE DELETE ON notifications
            BEGIN SELECT RAISE(ABORT, 'the notification log is append-only'); END;
            """)
    }

    /// What `import-legacy` needs beyond the tables above (docs/legacy-ledger.md):
    /// which run brought which legacy file (`legacy_imports`), which of our rows
    /// came from which legacy row (`legacy_rows`, the provenance that marks
    /// them), and the legacy natural key of carried-over charges that a later
    /// ingest of the same period and source must match instead of adding
    /// (`legacy_charge_keys`, see `LegacyChargeMatch`).
    private static func v4LegacyLedger(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE legacy_imports (
                id INTEGER PRIMARY KEY,
                legacy_path TEXT NOT NULL,
                legacy_sha256 TEXT NOT NULL,
                legacy_bytes INTEGER NOT NULL,
                legacy_schema_version INTEGER,
                periods TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                actor TEXT NOT NULL,
                imported_at TEXT NOT NULL
            );
            CREATE INDEX legacy_imports_by_sha256 ON legacy_imports(legacy_sha256);

            -- legacy_id NULL: made for legacy data that had no row of its own
            -- (an import row for charges the legacy ledger logged no import for).
            -- legacy_name: the legacy import's file name; a source's legacy name.
            CREATE TABLE legacy_rows (
                our_table TEXT NOT NULL,
                our_id TEXT NOT NULL,
                legacy_import_id INTEGER NOT NULL REFERENCES legacy_imports(id),
                legacy_table TEXT NOT NULL,
                legacy_id INTEGER,
                legacy_name TEXT,
                PRIMARY KEY (our_table, our_id, legacy_import_id)
            ) WITHOUT ROWID;

            -- start_key: the charge period start as `LegacyChargeKey` writes it;
            -- identity: the charge's key in charge_keys until it is matched.
            CREATE TABLE legacy_charge_keys (
                charge_id INTEGER PRIMARY KEY,
                period TEXT NOT NULL,
                source_id INTEGER NOT NULL,
                identity BLOB NOT NULL,
                resource_id TEXT,
                start_key TEXT
            );
            CREATE INDEX legacy_charge_keys_by_key ON legacy_charge_keys(period, source_id, resource_id, start_key);

            CREATE TRIGGER legacy_imports_immutable BEFORE UPDATE ON legacy_imports
            BEGIN SELECT RAISE(ABORT, 'the legacy import log is a permanent record'); END;
            CREATE TRIGGER legacy_imports_undeletable BEFORE DELETE ON legacy_imports
            BEGIN SELECT RAISE(ABORT, 'the legacy import log is a permanent record'); END;
            CREATE TRIGGER legacy_rows_immutable BEFORE UPDATE ON legacy_rows
            BEGIN SELECT RAISE(ABORT, 'legacy provenance is a permanent record'); END;
            CREATE TRIGGER legacy_rows_undeletable BEFORE DELETE ON legacy_rows
            BEGIN SELECT RAISE(ABORT, 'legacy provenance is a permanent record'); END;
            """)
    }

    /// What the audit trail (`AuditTrail`, docs/scripting.md) needs beyond the
    /// tables above:
    /// - `charge_revisions`: each change a re-ingest made to a charge, with the
    ///   import that made it and the one it replaced (a charge row keeps only
    ///   its latest import and line), exact amounts and review status before and
    ///   after; `audit_id` is its line in `audit_log`;
    /// - `archives`: each snapshot of a finalized period that `build` made;
    /// - `journal_exports.origin`: which command wrote the file; the export log
    ///   becomes append-only like the other logs.
    private static func v5AuditTrail(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE charge_revisions (
                id INTEGER PRIMARY KEY,
                charge_id INTEGER NOT NULL REFERENCES charges(id),
                period TEXT NOT NULL,
                import_id INTEGER NOT NULL REFERENCES imports(id),
                line INTEGER NOT NULL,
                previous_import_id INTEGER NOT NULL REFERENCES imports(id),
                previous_line INTEGER NOT NULL,
                billed_nanos INTEGER NOT NULL,
                previous_billed_nanos INTEGER NOT NULL,
                review_status TEXT NOT NULL,
                flag_reason TEXT,
                previous_review_status TEXT NOT NULL,
                previous_flag_reason TEXT,
                legacy_match INTEGER NOT NULL DEFAULT 0 CHECK (legacy_match IN (0, 1)),
                audit_id INTEGER NOT NULL,
                actor TEXT NOT NULL,
                revised_at TEXT NOT NULL
            );
            CREATE INDEX charge_revisions_by_charge ON charge_revisions(charge_id);
            CREATE INDEX charge_revisions_by_period ON charge_revisions(period);
            CREATE INDEX charge_revisions_by_audit ON charge_revisions(audit_id);

            CREATE TABLE archives (
                id INTEGER PRIMARY KEY,
                period TEXT NOT NULL REFERENCES periods(period),
                path TEXT NOT NULL,
                bytes INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                actor TEXT NOT NULL,
                created_at TEXT NOT NULL
            );

            ALTER TABLE journal_exports ADD COLUMN origin TEXT NOT NULL DEFAULT 'export-journal'
                CHECK (origin IN ('export-journal', 'build'));

            CREATE INDEX review_decisions_by_period ON review_decisions(period);
            CREATE INDEX audit_by_entity ON audit_log(entity, entity_id);

            CREATE TRIGGER charge_revisions_immutable BEFORE UPDATE ON charge_revisions
            BEGIN SELECT RAISE(ABORT, 'charge revisions are a permanent record'); END;
            CREATE TRIGGER charge_revisions_undeletable BEFORE DELETE ON charge_revisions
            BEGIN SELECT RAISE(ABORT, 'charge revisions are a permanent record'); END;
            CREATE TRIGGER archives_immutable BEFORE UPDATE ON archives
            BEGIN SELECT RAISE(ABORT, 'the archive log is a permanent record'); END;
            CREATE TRIGGER archives_undeletable BEFORE DELETE ON archives
            BEGIN SELECT RAISE(ABORT, 'the archive log is a permanent record'); END;
            CREATE TRIGGER journal_exports_immutable BEFORE UPDATE ON journal_exports
            BEGIN SELECT RAISE(ABORT, 'the journal export log is a permanent record'); END;
            CREATE TRIGGER journal_exports_undeletable BEFORE DELETE ON journal_exports
            BEGIN SELECT RAISE(ABORT, 'the journal export log is a permanent record'); END;
            """)
    }
}
