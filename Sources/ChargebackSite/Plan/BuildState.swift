import ChargebackCore
import ChargebackRender
import Foundation

/// What rendering a period made that the next build needs to know.
struct PeriodOutcome: Sendable {
    var finance: FinancePeriod
    /// Set when the period was archived (finalized): it is frozen from now on.
    var frozen: FrozenPeriod?
}

/// What a build leaves in the site (`.openchargeback-build.json`) so that the
/// next one can keep what has not changed: the key of the templates and
/// settings, each period's ledger fingerprint, each file's input digest, and
/// the frozen (finalized, archived) periods.
/// Deterministic (sorted keys, no times), like everything else in the site.
struct BuildState: Codable, Sendable, Equatable {
    /// Marks a folder as a site this tool built (and may therefore replace).
    static let fileName = ".openchargeback-build.json"

    struct File: Codable, Sendable, Equatable {
        /// Digest of everything the file was made from; equal digests, equal bytes.
        var input: String
        /// The period the file belongs to, if any.
        var period: String?
    }

    var tool: String
    /// The render key (`SiteTemplates.digest`): templates, assets and settings.
    var templates: String
    var periods: [String: String] = [:]
    var files: [String: File] = [:]
    /// Each period's journal files, for the finance page.
    var finance: [String: FinancePeriod] = [:]
    /// Finalized periods already archived: kept as they are by every later build, whatever changed.
    var frozen: [String: FrozenPeriod] = [:]

    init(tool: String, templates: String) {
        self.tool = tool
        self.templates = templates
    }

    /// The state a build leaves: every period's fingerprint; what kept periods had, what rendered ones made.
    init(plan: BuildPlan, kept: Set<BillingPeriod>, rendered: [BillingPeriod: PeriodOutcome], renderKey: String) {
        self.init(tool: ToolVersion.current, templates: renderKey)
        for period in plan.periods {
            let p = period.period.description
            periods[p] = period.fingerprint
            if kept.contains(period.period), case .keep(let finance, let frozen) = period.action {
                self.finance[p] = finance
                self.frozen[p] = frozen
            } else if let result = rendered[period.period] {
                finance[p] = result.finance
                frozen[p] = result.frozen
            }
        }
    }

    /// A state written before a key existed reads as if that key were empty.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tool = try c.decode(String.self, forKey: .tool)
        templates = try c.decode(String.self, forKey: .templates)
        periods = try c.decodeIfPresent([String: String].self, forKey: .periods) ?? [:]
        files = try c.decodeIfPresent([String: File].self, forKey: .files) ?? [:]
        finance = try c.decodeIfPresent([String: FinancePeriod].self, forKey: .finance) ?? [:]
        frozen = try c.decodeIfPresent([String: FrozenPeriod].self, forKey: .frozen) ?? [:]
    }

    static func read(site: String) -> BuildState? {
        guard let data = FileManager.default.contents(atPath: site + "/" + fileName) else { return nil }
        return try? JSONDecoder().decode(BuildState.self, from: data)
    }

    func encoded() throws(SiteError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(self)) + [10]
        } catch {
            throw .io(path: Self.fileName, message: "cannot encode the build state: \(error)")
        }
    }
}
