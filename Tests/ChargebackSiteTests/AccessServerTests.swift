import ChargebackCore
import ChargebackRender
@testable import ChargebackSite
import ChargebackTestSupport
import Foundation
import Testing

/// The access rules under a real Apache httpd and a real nginx, basic auth
/// standing in for the SSO: every file of the built sample site asked for by
/// every kind of reader, against an independent statement of who may read what.
@Suite struct AccessServerTests {
    static let admin = "billing.admin@northfield.example.edu"
    static let finance = "ap.clerk@northfield.example.edu"
    static let delegate = "lab.manager@northfield.example.edu"
    static let outsider = "visitor@northfield.example.edu"

    @Test func apacheGivesEachReaderTheirPagesAndNothingElse() throws {
        try check(.apache, mode: .apache)
    }

    @Test func nginxGivesEachReaderTheirPagesAndNothingElse() throws {
        try check(.nginx, mode: .nginx)
    }

    /// `finance_reads_audit`: finance reads each period's audit trail too, and still nothing else of periods/.
    @Test func apacheLetsFinanceReadTheAuditTrailWhenConfigured() throws {
        try check(.apache, mode: .apache, financeReadsAudit: true)
    }

    @Test func nginxLetsFinanceReadTheAuditTrailWhenConfigured() throws {
        try check(.nginx, mode: .nginx, financeReadsAudit: true)
    }

    private func check(_ kind: TestWebServer.Kind, mode: SiteAccessConfig.Mode, financeReadsAudit: Bool = false) throws {
        let site = try SampleSite()
        let pis = try LedgerOverview.load(store: site.store).pis.map(\.piEmail).filter { $0 != ChargeDraft.unallocated }
        let delegated = try #require(pis.first)
        var config = site.config
        config.site.access = SiteAccessConfig(mode: mode, admins: [Self.admin], finance: [Self.finance],
                                              delegates: [.init(piEmail: delegated, identities: [Self.delegate])],
                                              financeReadsAudit: financeReadsAudit)
        try SiteBuild(store: site.store, config: config, options: SiteBuildOptions(out: site.site, jobs: 2), environment: [:]).run()

        let all = try SampleSite.files(site.site).keys.sorted()
        let hidden = all.filter { $0.split(separator: "/").contains { $0.hasPrefix(".") } }
        let files = all.filter { !hidden.contains($0) }
        // Every page also by its folder's address (pi/<pi>/ for pi/<pi>/index.html).
        let paths = files + files.filter { $0 == "index.html" || $0.hasSuffix("/index.html") }.map { String($0.dropLast("index.html".count)) }
        #expect(pis.count >= 5 && files.contains { $0.hasSuffix(".pdf") } && files.contains { $0.hasPrefix("finance/2026-09/") })
        #expect(hidden.contains(StagingFolder.marker))
        #expect(files.contains("periods/2026-09/audit.html") && files.contains("periods/2026-10/audit.json"))

        let users = pis + [Self.admin, Self.finance, Self.delegate, Self.outsider]
        let server = try TestWebServer(kind, site: site.site, users: users, scratch: site.folder + "/" + kind.rawValue)
        defer { server.stop() }
        for user in [nil] + users {
            let statuses = try server.statuses(paths, as: user)
            for path in paths {
                let expected = Self.expected(user: user, path: path, pis: pis, delegated: delegated, financeReadsAudit: financeReadsAudit)
                #expect(statuses[path] == expected, "\(kind.rawValue): \(user ?? "anonymous") GET /\(path)")
            }
        }
        // The build state and the rules themselves: never served, not even to an admin.
        let statuses = try server.statuses(hidden, as: Self.admin)
        for path in hidden { #expect(statuses[path] == 403 || statuses[path] == 404, "\(kind.rawValue): GET /\(path) gave \(statuses[path] ?? 0)") }
    }

    /// Who may read what, said independently of `AccessPolicy`.
    static func expected(user: String?, path: String, pis: [String], delegated: String, financeReadsAudit: Bool) -> Int {
        guard let user else { return 401 }
        if path.hasPrefix("assets/") || user == admin { return 200 }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0] == "periods", parts[2] == "audit.html" || parts[2] == "audit.json" {
            return user == finance && financeReadsAudit ? 200 : 403
        }
        if path.hasPrefix("finance/") || path.hasPrefix("archive/") { return user == finance ? 200 : 403 }
        if parts.count > 2, parts[0] == "pi" {
            let owners = pis.filter { PISlug.make($0) == parts[1] } + (PISlug.make(delegated) == parts[1] ? [delegate] : [])
            return owners.contains(user) ? 200 : 403
        }
        return 403
    }
}
