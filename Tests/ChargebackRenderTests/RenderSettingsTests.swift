import ChargebackCore
@testable import ChargebackRender
import Testing

/// The cache key is every render setting: change any field of
/// `RenderSettings` and the key changes (so pages made under the old value
/// are made again). A field added without a line here fails the test.
@Suite struct RenderSettingsTests {
    static func base() throws -> RenderSettings {
        var config = try AppConfig.defaults(baseDirectory: "/srv/billing")
        config.imports.knownSources = [KnownSource(name: "aws", displayName: "AWS", fundOrg: "100000-9100", accountCode: "74100")]
        config.organization.logo = "/srv/billing/logo.svg"
        return RenderSettings(config: config, footer: "OpenChargeback 1.0")
    }

    /// One change per leaf field, by the field's path.
    static let changes: [String: @Sendable (inout RenderSettings) throws -> Void] = [
        "currency": { $0.currency = "EUR" },
        "organization.name": { $0.organization.name += "!" },
        "organization.contactEmail": { $0.organization.contactEmail = "billing@x.example" },
        "organization.logo": { $0.organization.logo = "/srv/billing/logo.png" },
        "site.title": { $0.site.title = "Billing" },
        "site.language": { $0.site.language = "fr" },
        "site.trendPeriods": { $0.site.trendPeriods += 1 },
        "site.baseURL": { $0.site.baseURL = "https://billing.x.example" },
        "site.theme": { $0.site.theme = "other" },
        "site.contentDir": { $0.site.contentDir = "/srv/content" },
        "site.themesDir": { $0.site.themesDir = "/srv/themes" },
        "pdf.pageSize": { $0.pdf.pageSize = .letter },
        "pdf.marginMM": { $0.pdf.marginMM += 1 },
        "statements.lineItems": { $0.statements.lineItems = .detail },
        "statements.lineItemsBySource": { $0.statements.lineItemsBySource["hpc"] = .resourceDay },
        "journal.fundOrgRegex": { $0.journal.fundOrgRegex = try ConfigRegex("^(?P<fund>\\d{6})-(?P<orgn>\\d{4})$") },
        "journal.accountCodeRegex": { $0.journal.accountCodeRegex = try ConfigRegex("^\\d{5}$") },
        "journal.template": { $0.journal.template = "/srv/gl.template" },
        "journal.defaultAccount": { $0.journal.defaultAccount = "74000" },
        "journal.debitDescription": { $0.journal.debitDescription += " x" },
        "journal.creditDescription": { $0.journal.creditDescription += " x" },
        "journal.descriptionWidth": { $0.journal.descriptionWidth += 1 },
        "knownSources": { $0.knownSources[0].accountCode = "74200" },
        "footer": { $0.footer += " · built 2026-10-01" },
        "toolVersion": { $0.toolVersion += "-dev" },
    ]

    /// Field paths down to values that describe themselves (strings, numbers,
    /// a regular expression) or hold several (lists).
    static func leafPaths(_ value: Any, prefix: String = "") -> [String] {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional { return [prefix] }
        guard mirror.displayStyle == .struct, !(value is any CustomStringConvertible), !mirror.children.isEmpty else { return [prefix] }
        return mirror.children.flatMap { child in
            leafPaths(child.value, prefix: prefix.isEmpty ? child.label ?? "_" : prefix + "." + (child.label ?? "_"))
        }
    }

    @Test func everyFieldIsCoveredHere() throws {
        let paths = Set(Self.leafPaths(try Self.base()))
        #expect(paths == Set(Self.changes.keys), "fields without a change here: \(paths.subtracting(Self.changes.keys).sorted())")
    }

    @Test func changingAnyFieldChangesTheKey() throws {
        let base = try Self.base()
        for (path, change) in Self.changes.sorted(by: { $0.key < $1.key }) {
            var changed = base
            try change(&changed)
            #expect(changed != base, "\(path) did not change the value")
            #expect(changed.key != base.key, "\(path) is not in the key")
        }
        #expect(try Self.base().key == base.key, "equal settings, equal keys")
    }

    @Test func stableTextSortsWhatHasNoOrder() {
        let one = ["b": 2, "a": 1, "c": 3], two = ["c": 3, "a": 1, "b": 2]
        #expect(StableText.describe(one) == StableText.describe(two))
        #expect(StableText.describe(Set(["x", "y", "z"])) == "{\"x\",\"y\",\"z\"}")
        #expect(StableText.describe(one) != StableText.describe(["a": 1, "b": 2, "c": 4]))
    }
}
