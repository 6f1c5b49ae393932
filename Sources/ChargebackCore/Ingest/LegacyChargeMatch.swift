import Foundation
import GRDB

/// Ingest's rule for charges carried over from a legacy ledger (docs/legacy-ledger.md).
///
/// A FOCUS row's identity has fields the legacy tool never kept (category,
/// description, SKU), so a re-export of a period the legacy tool had already
/// billed cannot find those charges by identity: it would add them a second
/// time. Instead, a row that finds no charge by identity takes the oldest
/// carried-over charge of its period and source with the legacy natural key
/// (resource id, charge period start: `LegacyChargeKey`). That charge becomes
/// the row's: it is keyed by the row's identity from now on and its legacy key
/// is used up. When its billing (costs, PI, project, fund/org: the columns a
/// closed period guards) is what the row says, it is unchanged and keeps its
/// review decision; otherwise it is updated and re-evaluated like any charge
/// whose data changed.
final class LegacyChargeMatch {
    /// A carried-over charge as it stands.
    struct Claimed {
        var chargeID: Int64
        var list: Int64
        var contracted: Int64
        var billed: Int64
        var effective: Int64
        var piEmail: String
        var projectId: String?
        var fundOrg: String?
        var reviewStatus: String
        var flagReason: String?
        var fileName: String
        /// The import and line it came from (the legacy ledger's import row; line 0).
        var importID: Int64
        var line: Int64
        /// Its key in `charge_keys` until now.
        var identity: Data

        func sameBilling(as d: ChargeDraft) -> Bool {
            list == d.list.nanos && contracted == d.contracted.nanos && billed == d.billed.nanos
                && effective == d.effective.nanos && piEmail == d.piEmail && projectId == d.projectId && fundOrg == d.fundOrg
        }
    }

    private let db: Database
    /// Per "period/source": whether it holds unmatched carried-over charges.
    private var holds: [String: Bool] = [:]
    private(set) var matched = 0

    init(db: Database) {
        self.db = db
    }

    /// Takes the oldest unmatched carried-over charge with the row's legacy key, if any.
    func claim(period: String, sourceID: Int64, draft: ChargeDraft) throws -> Claimed? {
        let pair = "\(period)/\(sourceID)"
        if holds[pair] == nil {
            holds[pair] = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM legacy_charge_keys WHERE period = ? AND source_id = ?)",
                                            arguments: [period, sourceID]) ?? false
        }
        guard holds[pair] == true else { return nil }
        guard let row = try Row.fetchOne(db, sql: """
            SELECT c.id, c.list_nanos, c.contracted_nanos, c.billed_nanos, c.effective_nanos, c.pi_email, c.project_id,
                   c.fund_org, c.review_status, c.flag_reason, i.file_name, c.import_id, c.line, k.identity
            FROM legacy_charge_keys k JOIN charges c ON c.id = k.charge_id JOIN imports i ON i.id = c.import_id
            WHERE k.period = ? AND k.source_id = ? AND k.resource_id IS ? AND k.start_key IS ?
            ORDER BY k.charge_id LIMIT 1
            """, arguments: [period, sourceID, draft.resourceId, LegacyChargeKey.start(draft.chargePeriodStart)])
        else { return nil }
        let claimed = Claimed(chargeID: row["id"], list: row["list_nanos"], contracted: row["contracted_nanos"], billed: row["billed_nanos"],
                              effective: row["effective_nanos"], piEmail: row["pi_email"], projectId: row["project_id"],
                              fundOrg: row["fund_org"], reviewStatus: row["review_status"], flagReason: row["flag_reason"],
                              fileName: row["file_name"], importID: row["import_id"], line: row["line"], identity: row["identity"])
        try db.execute(sql: "DELETE FROM legacy_charge_keys WHERE charge_id = ?", arguments: [claimed.chargeID])
        matched += 1
        return claimed
    }

    /// Keys the claimed charge by the row's identity from now on.
    func rekey(_ claimed: Claimed, period: String, sourceID: Int64, identity: IdentityBytes) throws {
        try db.execute(sql: "DELETE FROM charge_keys WHERE period = ? AND source_id = ? AND identity = ?",
                       arguments: [period, sourceID, claimed.identity])
        try db.execute(sql: "INSERT INTO charge_keys (period, source_id, identity, charge_id) VALUES (?, ?, ?, ?)",
                       arguments: [period, sourceID, identity.withBytes { Data($0) }, claimed.chargeID])
    }
}
