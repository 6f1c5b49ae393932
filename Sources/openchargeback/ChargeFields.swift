import ChargebackCore

/// The fields of a charge for scripts, the same in `show`, `review list` and `review test`.
enum ChargeFields {
    static let fields: [RecordSchema<ChargeRecord>.Field] = [
        ("id", { .integer($0.id) }),
        ("period", { .text($0.period) }),
        ("source", { .text($0.sourceName) }),
        ("line", { .int($0.line) }),
        ("pi_email", { .text($0.piEmail) }),
        ("project_id", { .text($0.projectId) }),
        ("fund_org", { .text($0.fundOrg) }),
        ("cost_center", { .text($0.costCenter) }),
        ("account_code", { .text($0.accountCode) }),
        ("reference_1", { .text($0.reference1) }),
        ("reference_2", { .text($0.reference2) }),
        ("service_name", { .text($0.serviceName) }),
        ("resource_id", { .text($0.resourceId) }),
        ("resource_name", { .text($0.resourceName) }),
        ("charge_period_start", { .text($0.chargePeriodStart) }),
        ("list", { .money($0.list) }),
        ("discount", { .sum(MoneySum(nanos: Int128($0.listNanos) - Int128($0.contractedNanos))) }),
        ("subsidy", { .sum(MoneySum(nanos: Int128($0.contractedNanos) - Int128($0.billedNanos))) }),
        ("billed", { .money($0.billed) }),
        ("review_status", { .text($0.reviewStatus.rawValue) }),
        ("flag_reason", { .text($0.flagReason) }),
    ]

    static let schema = RecordSchema<ChargeRecord>(fields)
}

/// The fields of a slice of charges' totals (`ChargeTotals`), exact.
enum TotalsFields {
    static let fields: [RecordSchema<ChargeTotals>.Field] = [
        ("charges", { .int($0.rows) }),
        ("list", { .sum($0.list) }),
        ("contracted", { .sum($0.contracted) }),
        ("discount", { .sum($0.discount) }),
        ("subsidy", { .sum($0.subsidy) }),
        ("billed", { .sum($0.billed) }),
    ]

    static func object(_ totals: ChargeTotals) -> OutputValue { .object(fields.map { ($0.0, $0.1(totals)) }) }
}
