import ChargebackCore

/// Where each page and download lives in the site, relative to its root.
/// Every path is built from a period (`YYYY-MM`, validated) and a PI slug
/// (`PISlug`), never from raw data, so nothing can leave the output folder.
public enum SitePaths {
    public static let dashboard = "index.html"
    public static let finance = "finance/index.html"

    public static func period(_ p: BillingPeriod) -> String { "periods/\(p)/index.html" }
    public static func review(_ p: BillingPeriod) -> String { "periods/\(p)/review.html" }
    /// A period's audit trail: the admin page, and the same events for scripts. Admins only (`AccessPolicy.auditFiles`).
    public static func audit(_ p: BillingPeriod) -> String { "periods/\(p)/\(auditPage)" }
    public static func auditJSON(_ p: BillingPeriod) -> String { "periods/\(p)/\(auditData)" }
    public static let auditPage = "audit.html"
    public static let auditData = "audit.json"
    public static func piHistory(_ slug: String) -> String { "pi/\(slug)/index.html" }
    public static func statement(_ slug: String, _ p: BillingPeriod) -> String { "pi/\(slug)/\(p)/index.html" }
    public static func statementCSV(_ slug: String, _ p: BillingPeriod) -> String { "pi/\(slug)/\(p)/charges_\(p).csv" }
    /// A project's PDF statement; `project` is a `ProjectSlug`.
    public static func statementPDF(_ slug: String, _ p: BillingPeriod, project: String) -> String { "pi/\(slug)/\(p)/\(project).pdf" }
    /// A journal file of period `p`; `name` comes from `JournalFile.name` (period, format, status).
    public static func financeFile(_ p: BillingPeriod, _ name: String) -> String { "finance/\(p)/\(name)" }

    /// The configured logo, copied among the assets (`assets/logo.svg`).
    public static func logo(_ organization: OrganizationConfig) -> String? {
        organization.logoFormat.map { "assets/" + logoAsset($0) }
    }

    /// The logo's name among the assets, for format `png` or `svg`.
    static func logoAsset(_ format: String) -> String { "logo." + format }

    /// A finalized period's snapshot (`PeriodArchive`), and its SHA-256 in `sha256sum` format beside it.
    public static func archive(_ p: BillingPeriod) -> String { "archive/\(archiveName(p)).zip" }
    /// A snapshot's name: the zip's, and its one folder's inside.
    public static func archiveName(_ p: BillingPeriod) -> String { "openchargeback_\(p)" }
    public static func archiveChecksum(_ p: BillingPeriod) -> String { archive(p) + ".sha256" }

    /// "../" once per folder of `path`: the way back to the site root.
    public static func root(of path: String) -> String {
        String(repeating: "../", count: path.utf8.filter { $0 == UInt8(ascii: "/") }.count)
    }

    /// `target` as a link from the page at `from` (both relative to the root).
    public static func link(from: String, to target: String) -> String { root(of: from) + target }
}
