/// `site.access:` — the authorisation rules `build` writes beside the pages:
/// each PI reads only their own folder (with their delegates), finance reads
/// the journals, admins read everything. The web server's single sign-on
/// authenticates; these rules say who may read what (docs/access.md).
public struct SiteAccessConfig: Sendable, Equatable, ConfigSection {
    public enum Mode: String, Sendable, Equatable, CaseIterable {
        /// No rules: protect the site some other way.
        case none
        /// An `.htaccess` in each protected folder.
        case apache
        /// Two include files for nginx (an allow-list map and one location per protected folder).
        case nginx
    }

    public var mode: Mode
    /// Apache: the line admitting one person; `{identity}` is replaced by each identity.
    public var requireIdentity: String
    /// Apache: the line admitting a group; `{group}` is replaced by each group name.
    public var requireGroup: String
    /// Apache: the line admitting anyone signed in (the shared assets).
    public var requireAny: String
    /// nginx: the variable holding the signed-in person's identity.
    public var identityVariable: String
    /// nginx: the URL path the site is served under (locations start with it).
    public var urlPath: String
    /// Who reads everything: identities, and (Apache) group names.
    public var admins: [String]
    public var adminGroups: [String]
    /// Who reads the journals and archives: identities, and (Apache) group names.
    public var finance: [String]
    public var financeGroups: [String]
    /// Who else reads a PI's pages (lab managers), by PI e-mail, in file order.
    public var delegates: [Delegates]
    /// Finance also reads each period's audit trail (`periods/P/audit.html`, `audit.json`); otherwise admins only.
    public var financeReadsAudit: Bool

    public struct Delegates: Sendable, Equatable {
        public var piEmail: String
        public var identities: [String]

        public init(piEmail: String, identities: [String]) {
            self.piEmail = piEmail
            self.identities = identities
        }
    }

    public init(mode: Mode = .none, requireIdentity: String = "Require user {identity}",
                requireGroup: String = "Require group {group}", requireAny: String = "Require valid-user",
                identityVariable: String = "$remote_user", urlPath: String = "/",
                admins: [String] = [], adminGroups: [String] = [], finance: [String] = [], financeGroups: [String] = [],
                delegates: [Delegates] = [], financeReadsAudit: Bool = false) {
        self.mode = mode
        self.requireIdentity = requireIdentity
        self.requireGroup = requireGroup
        self.requireAny = requireAny
        self.identityVariable = identityVariable
        self.urlPath = urlPath
        self.admins = admins
        self.adminGroups = adminGroups
        self.finance = finance
        self.financeGroups = financeGroups
        self.delegates = delegates
        self.financeReadsAudit = financeReadsAudit
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        self.init()
        if let v = m.value("mode") { mode = try v.oneOf(Mode.self) }
        if let v = m.value("require") { requireIdentity = try v.requireLine(placeholder: "identity") }
        if let v = m.value("require_group") { requireGroup = try v.requireLine(placeholder: "group") }
        if let v = m.value("require_any") { requireAny = try v.requireLine(placeholder: nil) }
        if let v = m.value("identity_variable") {
            identityVariable = try v.string()
            let name = identityVariable.unicodeScalars.dropFirst()
            guard identityVariable.hasPrefix("$"), let first = name.first, !("0"..."9").contains(first),
                  name.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
                throw v.error(.invalidValue, "expected an nginx variable such as $remote_user or $http_x_email, got \"\(identityVariable)\"")
            }
        }
        if let v = m.value("url_path") {
            urlPath = try v.string()
            let segments = urlPath.split(separator: "/", omittingEmptySubsequences: false).dropFirst().dropLast()
            guard urlPath.hasPrefix("/"), urlPath.hasSuffix("/"),
                  segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && AccessIdentity.problem(String($0)) == nil }) else {
                throw v.error(.invalidValue, "expected a URL path that starts and ends with / (e.g. / or /billing/), got \"\(urlPath)\"")
            }
        }
        if let v = m.value("admins") { admins = try v.identities() }
        if let v = m.value("admin_groups") { adminGroups = try v.groups(mode: mode) }
        if let v = m.value("finance") { finance = try v.identities() }
        if let v = m.value("finance_groups") { financeGroups = try v.groups(mode: mode) }
        if let v = m.value("finance_reads_audit") { financeReadsAudit = try v.bool() }
        if let v = m.value("delegates") {
            for (piEmail, list) in try v.mapping().allEntries() {
                if let problem = AccessIdentity.problem(piEmail) {
                    throw list.error(.invalidValue, "expected a PI e-mail of \(AccessIdentity.expectation()) as the key, got \"\(piEmail)\": \(problem)")
                }
                delegates.append(Delegates(piEmail: piEmail, identities: try list.identities()))
            }
        }
    }
}

private extension ConfigValue {
    /// A list of identities, each safe to write into a rule.
    func identities() throws(ConfigError) -> [String] {
        var out: [String] = []
        for item in try list() {
            let text = try item.string()
            if let problem = AccessIdentity.problem(text) {
                throw item.error(.invalidValue, "expected an identity of \(AccessIdentity.expectation()), got \"\(text)\": \(problem)")
            }
            out.append(text)
        }
        return out
    }

    /// A list of group names (Apache only: nginx knows no groups).
    func groups(mode: SiteAccessConfig.Mode) throws(ConfigError) -> [String] {
        var out: [String] = []
        for item in try list() {
            guard mode != .nginx else {
                throw item.error(.invalidValue, "expected no groups with mode nginx (it checks one identity variable, not groups): list the identities instead")
            }
            let text = try item.string()
            if let problem = AccessIdentity.problem(text, isGroup: true) {
                throw item.error(.invalidValue, "expected a group name of \(AccessIdentity.expectation(isGroup: true)), got \"\(text)\": \(problem)")
            }
            out.append(text)
        }
        return out
    }

    /// An Apache `Require` line: one line, `Require PROVIDER …`, with `{placeholder}`
    /// exactly once and only after the provider (so no identity can become a provider such as `all granted`).
    func requireLine(placeholder: String?) throws(ConfigError) -> String {
        let text = try nonEmptyString()
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        let marker = placeholder.map { "{\($0)}" }
        let example = placeholder.map { "Require user {\($0)}" } ?? "Require valid-user"
        guard !text.contains(where: \.isNewline), words.first?.lowercased() == "require", words.count >= 2,
              !words[1].contains("{") else {
            throw error(.invalidValue, "expected one line such as \"\(example)\", got \"\(text)\"")
        }
        let braces = text.filter { $0 == "{" || $0 == "}" }.count
        if let marker {
            guard words.count >= 3, text.components(separatedBy: marker).count == 2, braces == 2 else {
                throw error(.invalidValue, "expected \(marker) once, after the provider (e.g. \"\(example)\"), got \"\(text)\"")
            }
        } else if braces > 0 {
            throw error(.invalidValue, "expected a line without placeholders such as \"\(example)\", got \"\(text)\"")
        }
        return text
    }
}
