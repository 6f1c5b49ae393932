import Testing
@testable import ChargebackCore

/// `site.access`: what it reads, and the settings it refuses (with file, line, key and what was expected).
@Suite struct SiteAccessConfigTests {
    private func parse(_ access: String) throws(ConfigError) -> SiteAccessConfig {
        try ConfigLoader.parse(yaml: "site:\n  access:\n" + access, file: "config.yaml", baseDirectory: "/tmp", environment: [:]).config.site.access
    }

    private func error(_ access: String) -> ConfigError? {
        do {
            _ = try parse(access)
            return nil
        } catch {
            return error
        }
    }

    @Test func defaultsWriteNoRules() throws {
        let access = try ConfigLoader.parse(yaml: "", file: "c.yaml", baseDirectory: "/tmp", environment: [:]).config.site.access
        #expect(access == SiteAccessConfig())
        #expect(access.mode == .none && access.requireIdentity == "Require user {identity}" && access.requireAny == "Require valid-user")
    }

    @Test func readsEverySetting() throws {
        let access = try parse("""
                mode: apache
                require: "Require claim email:{identity}"
                require_group: "Require ldap-group {group}"
                require_any: "Require claim email~."
                admins: [boss@x.edu]
                admin_groups: ["cn=billing,ou=groups,dc=x,dc=edu"]
                finance: [money@x.edu, ap@x.edu]
                finance_groups: [finance]
                delegates:
                  ada@x.edu: [lab@x.edu, post.doc@x.edu]
                  bob@x.edu: []
                finance_reads_audit: true
            """)
        #expect(access == SiteAccessConfig(
            mode: .apache, requireIdentity: "Require claim email:{identity}", requireGroup: "Require ldap-group {group}",
            requireAny: "Require claim email~.", admins: ["boss@x.edu"], adminGroups: ["cn=billing,ou=groups,dc=x,dc=edu"],
            finance: ["money@x.edu", "ap@x.edu"], financeGroups: ["finance"],
            delegates: [.init(piEmail: "ada@x.edu", identities: ["lab@x.edu", "post.doc@x.edu"]), .init(piEmail: "bob@x.edu", identities: [])],
            financeReadsAudit: true))
        let nginx = try parse("    mode: nginx\n    identity_variable: $http_x_email\n    url_path: /billing/\n")
        #expect(nginx.identityVariable == "$http_x_email" && nginx.urlPath == "/billing/")
    }

    @Test(arguments: [
        ("    mode: htaccess\n", 3, "site.access.mode", "expected one of none|apache|nginx, got \"htaccess\""),
        ("    admins: [boss@x.edu, \"a b@x.edu\"]\n", 3, "site.access.admins[1]", "got \"a b@x.edu\": it contains a space"),
        ("    finance: [\"x\\\"@y\"]\n", 3, "site.access.finance[0]", "it contains a quote (\")"),
        ("    delegates:\n      \"ada@x.edu\": [\"lab@x.edu\\nRequire all granted\"]\n", 4, "site.access.delegates.ada@x.edu[0]", "it contains a line break"),
        ("    delegates:\n      \"ada x@y\": [lab@x.edu]\n", 4, "site.access.delegates.ada x@y", "as the key, got \"ada x@y\": it contains a space"),
        ("    require: \"Require user\"\n", 3, "site.access.require", "expected {identity} once, after the provider"),
        ("    require: \"Require {identity}\"\n", 3, "site.access.require", "expected one line such as \"Require user {identity}\""),
        ("    require: \"Allow from {identity}\"\n", 3, "site.access.require", "expected one line such as"),
        ("    require: \"Require user {identity} {identity}\"\n", 3, "site.access.require", "once, after the provider"),
        ("    require_group: \"Require ldap-group {identity}\"\n", 3, "site.access.require_group", "expected {group} once"),
        ("    require_any: \"Require user {identity}\"\n", 3, "site.access.require_any", "without placeholders"),
        ("    mode: nginx\n    admin_groups: [admins]\n", 4, "site.access.admin_groups[0]", "expected no groups with mode nginx"),
        ("    identity_variable: remote_user\n", 3, "site.access.identity_variable", "expected an nginx variable such as $remote_user"),
        ("    url_path: /billing\n", 3, "site.access.url_path", "expected a URL path that starts and ends with /"),
        ("    url_path: /a/../b/\n", 3, "site.access.url_path", "expected a URL path"),
        ("    admin_groups: [\"cn=Billing Admins\"]\n", 3, "site.access.admin_groups[0]", "expected a group name of ASCII letters"),
    ])
    func refusedSettingsNameTheKeyAndWhatWasExpected(_ yaml: String, line: Int, key: String, message: String) {
        let e = error(yaml)
        #expect(e?.kind == .invalidValue || e?.kind == .wrongType, "\(yaml)")
        #expect(e?.keyPath == key)
        #expect(e?.line == line)
        #expect(e?.message.contains(message) == true, "\(e?.message ?? "no error")")
    }

    @Test func identityCheckAllowsOnlyCharactersWithNoMeaningToApacheOrNginx() {
        for ok in ["ada@x.edu", "Ada.Lovelace+billing@x-y.edu", "urn:mace:x.edu/ada", "ada=1"] { #expect(AccessIdentity.problem(ok) == nil, "\(ok)") }
        #expect(AccessIdentity.problem("cn=a,dc=b", isGroup: true) == nil)
        #expect(AccessIdentity.problem("cn=a,dc=b") == "it contains \",\"")
        #expect(AccessIdentity.problem("") == "it is empty")
        #expect(AccessIdentity.problem("a\u{7}b") == "it contains a control character (U+7)")
        #expect(AccessIdentity.problem("zoë@x") == "it contains a non-ASCII character (ë)")
        #expect(AccessIdentity.problem("a\\b") == "it contains \"\\\"")
    }
}
