-- The tables of the legacy Python OpenChargeback 0.4.1's ledger (schema
-- version 10), written for our tests from the legacy schema: same tables,
-- columns, types and constraints. make_legacy_ledger.py creates them and
-- fills them with our own fictional rows.

CREATE TABLE schema_version (
    version INTEGER NOT NULL,
    applied_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_schema_version PRIMARY KEY (version)
);
CREATE TABLE billing_periods (
    id INTEGER NOT NULL,
    period VARCHAR(7) NOT NULL,
    status VARCHAR(20) DEFAULT 'open',
    opened_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    closed_at DATETIME, closed_by VARCHAR(200),
    finalized_at DATETIME, finalized_by VARCHAR(200),
    reopened_at DATETIME, reopened_by VARCHAR(200), reopen_reason TEXT,
    notes TEXT,
    CONSTRAINT pk_billing_periods PRIMARY KEY (id),
    CONSTRAINT ck_billing_periods_status_check CHECK (status IN ('open', 'closed', 'finalized')),
    CONSTRAINT uq_billing_periods_period UNIQUE (period)
);
CREATE TABLE sources (
    id INTEGER NOT NULL,
    name VARCHAR(100) NOT NULL,
    display_name VARCHAR(200),
    source_type VARCHAR(20) NOT NULL,
    enabled BOOLEAN DEFAULT '1',
    last_sync_at DATETIME, last_sync_status VARCHAR(20), last_sync_message TEXT,
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_sources PRIMARY KEY (id),
    CONSTRAINT ck_sources_source_type_check CHECK (source_type IN ('file', 'api')),
    CONSTRAINT ck_sources_sync_status_check CHECK (last_sync_status IN ('success', 'error') OR last_sync_status IS NULL),
    CONSTRAINT uq_sources_name UNIQUE (name)
);
CREATE TABLE users (
    id INTEGER NOT NULL,
    username VARCHAR(100) NOT NULL,
    email VARCHAR(254) NOT NULL,
    display_name VARCHAR(200),
    password_hash VARCHAR(200) NOT NULL,
    role VARCHAR(20) DEFAULT 'viewer' NOT NULL,
    is_config_user BOOLEAN DEFAULT '0',
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP, updated_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    created_by VARCHAR(100),
    CONSTRAINT pk_users PRIMARY KEY (id),
    CONSTRAINT ck_users_user_role_check CHECK (role IN ('admin', 'reviewer', 'viewer')),
    CONSTRAINT uq_users_username UNIQUE (username)
);
CREATE TABLE charges (
    id INTEGER NOT NULL,
    billing_period_id INTEGER NOT NULL,
    source_id INTEGER NOT NULL,
    charge_period_start VARCHAR(10), charge_period_end VARCHAR(10),
    list_cost FLOAT, contracted_cost FLOAT, billed_cost FLOAT NOT NULL, effective_cost FLOAT,
    resource_id VARCHAR(500), resource_name VARCHAR(500), service_name VARCHAR(200),
    pi_email VARCHAR(254) NOT NULL, project_id VARCHAR(200), fund_org VARCHAR(100),
    reference_1 VARCHAR(200), reference_2 VARCHAR(200),
    raw_tags TEXT,
    needs_review BOOLEAN DEFAULT '0', review_reason TEXT,
    reviewed_at DATETIME, reviewed_by VARCHAR(200),
    imported_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    rejected_at DATETIME, rejected_by VARCHAR(200), rejection_note TEXT,
    CONSTRAINT pk_charges PRIMARY KEY (id),
    CONSTRAINT uq_charges_natural_key UNIQUE (billing_period_id, source_id, resource_id, charge_period_start),
    CONSTRAINT fk_charges_billing_period_id_billing_periods FOREIGN KEY(billing_period_id) REFERENCES billing_periods (id) ON DELETE CASCADE,
    CONSTRAINT fk_charges_source_id_sources FOREIGN KEY(source_id) REFERENCES sources (id) ON DELETE CASCADE
);
CREATE TABLE statements (
    id INTEGER NOT NULL,
    billing_period_id INTEGER NOT NULL,
    pi_email VARCHAR(254) NOT NULL, project_id VARCHAR(200), fund_org VARCHAR(100),
    total_cost FLOAT NOT NULL, project_count INTEGER,
    generated_at DATETIME DEFAULT CURRENT_TIMESTAMP, sent_at DATETIME, pdf_path VARCHAR(500),
    CONSTRAINT pk_statements PRIMARY KEY (id),
    CONSTRAINT uq_statements_period_pi_project UNIQUE (billing_period_id, pi_email, project_id),
    CONSTRAINT fk_statements_billing_period_id_billing_periods FOREIGN KEY(billing_period_id) REFERENCES billing_periods (id) ON DELETE CASCADE
);
CREATE TABLE imports (
    id INTEGER NOT NULL,
    filename VARCHAR(500) NOT NULL,
    source_id INTEGER NOT NULL, billing_period_id INTEGER NOT NULL,
    row_count INTEGER, total_cost FLOAT, flagged_rows INTEGER DEFAULT '0', flagged_cost FLOAT DEFAULT '0',
    imported_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pk_imports PRIMARY KEY (id),
    CONSTRAINT fk_imports_source_id_sources FOREIGN KEY(source_id) REFERENCES sources (id) ON DELETE CASCADE,
    CONSTRAINT fk_imports_billing_period_id_billing_periods FOREIGN KEY(billing_period_id) REFERENCES billing_periods (id) ON DELETE CASCADE
);
CREATE TABLE journal_exports (
    id INTEGER NOT NULL,
    billing_period_id INTEGER NOT NULL,
    format VARCHAR(20) NOT NULL, include_flagged BOOLEAN, row_count INTEGER, total_cost FLOAT,
    exported_at DATETIME DEFAULT CURRENT_TIMESTAMP, exported_by VARCHAR(200), filename VARCHAR(500),
    CONSTRAINT pk_journal_exports PRIMARY KEY (id),
    CONSTRAINT fk_journal_exports_billing_period_id_billing_periods FOREIGN KEY(billing_period_id) REFERENCES billing_periods (id) ON DELETE CASCADE
);
CREATE TABLE review_logs (
    id INTEGER NOT NULL,
    billing_period_id INTEGER NOT NULL, charge_id INTEGER NOT NULL,
    action VARCHAR(20) NOT NULL, pi_email VARCHAR(254) NOT NULL,
    resource_id VARCHAR(500), service_name VARCHAR(200), amount FLOAT NOT NULL, note TEXT,
    performed_at DATETIME DEFAULT CURRENT_TIMESTAMP, performed_by VARCHAR(200),
    CONSTRAINT pk_review_logs PRIMARY KEY (id),
    CONSTRAINT ck_review_logs_review_action_check CHECK (action IN ('approved', 'rejected')),
    CONSTRAINT fk_review_logs_billing_period_id_billing_periods FOREIGN KEY(billing_period_id) REFERENCES billing_periods (id) ON DELETE CASCADE
);
CREATE TABLE email_logs (
    id INTEGER NOT NULL,
    statement_id INTEGER,
    recipient VARCHAR(254) NOT NULL, subject VARCHAR(500),
    sent_at DATETIME DEFAULT CURRENT_TIMESTAMP, sent_by VARCHAR(200),
    status VARCHAR(20) NOT NULL, error_message TEXT,
    CONSTRAINT pk_email_logs PRIMARY KEY (id),
    CONSTRAINT ck_email_logs_email_status_check CHECK (status IN ('success', 'error', 'dev_mode')),
    CONSTRAINT fk_email_logs_statement_id_statements FOREIGN KEY(statement_id) REFERENCES statements (id) ON DELETE SET NULL
);
