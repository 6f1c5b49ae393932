import ChargebackCore
import ChargebackRender
@testable import ChargebackSite
import ChargebackTestSupport
import Foundation
import Testing

/// The rules `build` writes for `site.access`, read as text for a small
/// policy, and the identities that are refused rather than written.
@Suite struct AccessRulesTests {
    static let config = SiteAccessConfig(
        mode: .apache, admins: ["boss@x.edu"], adminGroups: ["cn=billing,ou=groups"], finance: ["money@x.edu"],
        delegates: [.init(piEmail: "Ada@X.edu", identities: ["lab@x.edu"])])

    static func policy(_ config: SiteAccessConfig = config) throws -> AccessPolicy {
        try AccessPolicy(config: config, piEmails: ["Ada@x.edu", "bob@x.edu", ChargeDraft.unallocated])
    }

    @Test func apacheWritesOneHtaccessPerProtectedFolder() throws {
        let files = Dictionary(uniqueKeysWithValues: ApacheRules(config: Self.config).files(try Self.policy()).map { ($0.path, $0.text) })
        #expect(files.keys.sorted() == [".htaccess", "archive/.htaccess", "assets/.htaccess", "finance/.htaccess", "periods/.htaccess",
                                        "pi/.htaccess", "pi/ada_x.edu/.htaccess", "pi/bob_x.edu/.htaccess", "pi/unallocated/.htaccess"])
        #expect(files["pi/ada_x.edu/.htaccess"] == """
            # Who may read pi/ada_x.edu/: written by `openchargeback build`
            # from site.access (docs/access.md). The next build replaces this file.
            AuthMerging Off
            # A person signed in but not on the list is refused (403), not asked to sign in again.
            AuthzSendForbiddenOnFailure On
            <RequireAny>
                Require user Ada@x.edu
                Require user ada@x.edu
                Require user lab@x.edu
                Require user boss@x.edu
                Require group cn=billing,ou=groups
            </RequireAny>

            """)
        let root = try #require(files[".htaccess"])
        #expect(root.contains("<FilesMatch \"^\\.\">\n    Require all denied\n</FilesMatch>\n"))
        #expect(root.contains("<RequireAny>\n    Require user boss@x.edu\n    Require group cn=billing,ou=groups\n</RequireAny>\n"))
        #expect(!root.contains("money@x.edu") && !root.contains("Ada@x.edu"))
        #expect(files["finance/.htaccess"]?.contains("    Require user money@x.edu\n    Require user boss@x.edu\n") == true)
        #expect(files["assets/.htaccess"]?.hasSuffix("AuthzSendForbiddenOnFailure On\nRequire valid-user\n") == true)
        // Charges approved without a PI: admins only, never a user who happens to be called "unallocated".
        #expect(files["pi/unallocated/.htaccess"]?.contains("unallocated\n") == false)
        #expect(files["pi/bob_x.edu/.htaccess"]?.contains("lab@x.edu") == false)
        // The audit trail: by file name in periods/, admins only unless finance_reads_audit.
        let audit = "<FilesMatch \"^(audit\\.html|audit\\.json)$\">\n    <RequireAny>\n        Require user boss@x.edu\n"
            + "        Require group cn=billing,ou=groups\n    </RequireAny>\n</FilesMatch>\n"
        #expect(files["periods/.htaccess"]?.hasSuffix(audit) == true)
        #expect(files.filter { $0.value.contains("audit") }.keys.sorted() == ["periods/.htaccess"])
        var withFinance = Self.config
        withFinance.financeReadsAudit = true
        let periods = ApacheRules(config: withFinance).files(try Self.policy(withFinance)).first { $0.path == "periods/.htaccess" }?.text ?? ""
        #expect(periods.contains("<FilesMatch \"^(audit\\.html|audit\\.json)$\">\n    <RequireAny>\n        Require user money@x.edu\n"))
        #expect(periods.components(separatedBy: "money@x.edu").count == 2)  // in the audit section only
    }

    @Test func apacheRequireLinesFollowTheConfiguredTemplates() throws {
        var config = Self.config
        config.requireIdentity = "Require claim email:{identity}"
        config.requireGroup = "Require ldap-group {group}"
        config.adminGroups = []
        config.admins = []
        let files = ApacheRules(config: config).files(try Self.policy(config))
        let bob = try #require(files.first { $0.path == "pi/bob_x.edu/.htaccess" }?.text)
        #expect(bob.hasSuffix("AuthzSendForbiddenOnFailure On\nRequire claim email:bob@x.edu\n"))
        // No admins at all: the root is closed to everyone rather than left open.
        #expect(files.first { $0.path == ".htaccess" }?.text.hasSuffix("</FilesMatch>\nRequire all denied\n") == true)
    }

    @Test func nginxMapsEachAreaToItsAllowListAndEachLocationChecksIt() throws {
        var config = Self.config
        config.mode = .nginx
        config.adminGroups = []
        config.identityVariable = "$http_x_email"
        config.urlPath = "/billing/"
        let rules = NginxRules(config: config)
        let policy = try Self.policy(config)
        let http = rules.http(policy)
        #expect(http.contains("map \"$openchargeback_area:$http_x_email\" $openchargeback_denied {\n    volatile;\n    default \"/.openchargeback-build.json\";\n"))
        #expect(http.contains("    \"~^/billing/:(boss@x\\.edu)$\" \"\";\n"))
        #expect(http.contains("    \"~^/billing/pi/ada_x\\.edu/:(Ada@x\\.edu|ada@x\\.edu|lab@x\\.edu|boss@x\\.edu)$\" \"\";\n"))
        #expect(http.contains("    \"~^/billing/finance/:(money@x\\.edu|boss@x\\.edu)$\" \"\";\n"))
        #expect(http.contains("    \"~^/billing/assets/:.\" \"\";\n"))
        #expect(http.contains("    \"~^/billing/pi/unallocated/:(boss@x\\.edu)$\" \"\";\n"))
        let server = rules.server(policy)
        #expect(server.contains("location ~ \"^/billing/(.*/)?\\.\" {\n    return 404;\n}\n"))
        #expect(server.contains("""
            location "/billing/pi/bob_x.edu/" {
                set $openchargeback_area "/billing/pi/bob_x.edu/";
                try_files $openchargeback_denied$uri $openchargeback_denied$uri/ =403;
            }

            """))
        // One location per area, and one for the audit files (admins only by default), checked before the prefixes.
        #expect(server.components(separatedBy: "try_files").count - 1 == policy.areas.count + 1)
        #expect(server.contains("""
            location ~ "^/billing/periods/[^/]+/(audit\\.html|audit\\.json)$" {
                set $openchargeback_area "/billing/periods/*/audit/";
                try_files $openchargeback_denied$uri =403;
            }

            """))
        #expect(http.contains("    \"~^/billing/periods/\\*/audit/:(boss@x\\.edu)$\" \"\";\n"))
        config.financeReadsAudit = true
        let withFinance = NginxRules(config: config).http(try Self.policy(config))
        #expect(withFinance
            .contains("    \"~^/billing/periods/\\*/audit/:(money@x\\.edu|boss@x\\.edu)$\" \"\";\n"))
        #expect(NginxRules.escaped("a.b+c(d)|e$^*?[]{}\\") == "a\\.b\\+c\\(d\\)\\|e\\$\\^\\*\\?\\[\\]\\{\\}\\\\")
    }

    @Test(arguments: ["ada lovelace@x.edu", "ada\"@x.edu", "ada@x.edu\nRequire all granted", "o'brien@x.edu", "a\\b@x.edu",
                      "<ada>@x.edu", "a{b}@x.edu", "a%{ENV:X}@x.edu", "a;b@x.edu", "a$b@x.edu", "a#b@x.edu", "zoë@x.edu",
                      "tab\t@x.edu", "", "a|b@x.edu", "a,b@x.edu"])
    func anIdentityThatIsNotSafeInARuleIsRefusedNamingThePI(_ email: String) throws {
        #expect {
            try AccessPolicy(config: Self.config, piEmails: ["bob@x.edu", email])
        } throws: { error in
            let text = String(describing: error)
            return text.contains("the PI \(String(reflecting: email)) cannot be given access rules: it ") && text.hasPrefix("site.access: ")
        }
    }

    @Test func aBuildWithAPIWhoseEmailIsUnsafeStopsBeforeWritingAnything() throws {
        let site = try SampleSite(periods: ["2026-09"])
        let tags = "{\"pi_email\":\"mallory@x.edu Require valid-user\",\"project_id\":\"p\",\"fund_org\":\"410233-1001\"}"
        let file = try site.focusFile("hpc_extra_2026-09.csv", rows: [
            ["2026-09-01", "2026-10-01", "2026-09-20", "2026-09-21", "USD", "Compute", "Usage", "job", "r-1", "job", "", "3.00", "3.00", "3.00", "3.00", tags],
        ])
        try site.ingest([file], period: "2026-09", source: "hpc")
        _ = try ReviewQueue(store: site.store).approve(ids: [], period: try #require(BillingPeriod("2026-09")), note: "ok", actor: "tester")
        var config = site.config
        config.site.access = SiteAccessConfig(mode: .apache, admins: ["boss@x.edu"])
        #expect {
            try SiteBuild(store: site.store, config: config, options: SiteBuildOptions(out: site.site, jobs: 2), environment: [:]).run()
        } throws: { String(describing: $0).contains("the PI \"mallory@x.edu Require valid-user\" cannot be given access rules: it contains a space") }
        #expect(!FileManager.default.fileExists(atPath: site.site))
    }

    @Test func rulesAreKeptWhenUnchangedAndRemovedWhenTheModeChanges() throws {
        let site = try SampleSite(periods: ["2026-09"])
        var config = site.config
        config.site.access = SiteAccessConfig(mode: .apache, admins: ["boss@x.edu"])
        func build() throws -> SiteBuildSummary {
            try SiteBuild(store: site.store, config: config, options: SiteBuildOptions(out: site.site, jobs: 2), environment: [:]).run()
        }
        try build()
        let first = try SampleSite.files(site.site).filter { $0.key.hasSuffix(".htaccess") }
        #expect(first.keys.contains(".htaccess") && first.keys.contains("finance/.htaccess") && first.keys.contains("assets/.htaccess"))
        #expect(!first.keys.contains("archive/.htaccess"), "no archive folder, no rule for it")
        try build()
        #expect(try SampleSite.files(site.site).filter { $0.key.hasSuffix(".htaccess") } == first)
        for path in first.keys {
            // Kept: a hard link to the previous site's file, not written again.
            let links = try FileManager.default.attributesOfItem(atPath: site.site + "/" + path)[.referenceCount] as? Int
            #expect(links == 2, "\(path) has \(links ?? 0) links")
        }

        config.site.access.mode = .nginx
        try build()
        let nginx = try SampleSite.files(site.site).keys.filter { $0.hasSuffix(".htaccess") || $0.hasSuffix(".conf") }
        #expect(nginx.sorted() == [NginxRules.httpFile, NginxRules.serverFile])
        config.site.access.mode = .none
        try build()
        #expect(try SampleSite.files(site.site).keys.filter { $0.hasSuffix(".htaccess") || $0.hasSuffix(".conf") }.isEmpty)
    }
}
