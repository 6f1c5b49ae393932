/// The audit trail's fields for scripts (docs/scripting.md): `log --format
/// csv|json` and the site's `audit.json` (in each period's folder and archive).
extension AuditEvent {
    public static let schema = RecordSchema<AuditEvent>([
        ("at", { .text($0.at) }),
        ("kind", { .text($0.kind.rawValue) }),
        ("action", { .text($0.action) }),
        ("actor", { .text($0.actor) }),
        ("period", { .text($0.period) }),
        ("pi_email", { .text($0.piEmail) }),
        ("charge_ids", { .list($0.chargeIDs.map { .integer($0) }) }),
        ("amount", { $0.amount.map(Self.value) ?? .money(nil) }),
        ("amounts", { .object($0.amounts.map { ($0.label, Self.value($0)) }) }),
        ("source", { .text($0.source) }),
        ("file", { .text($0.file) }),
        ("sha256", { .text($0.sha256) }),
        ("note", { .text($0.note) }),
        ("batch", { .text($0.batch) }),
        ("legacy", { .bool($0.legacy) }),
        ("message", { .text($0.message) }),
        ("record", { .text($0.record) }),
    ])

    static func value(_ amount: AuditAmount) -> OutputValue {
        amount.cents ? .cents(amount.money.roundedToCents()) : .money(amount.money)
    }
}
