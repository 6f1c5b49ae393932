/// `site:` — how `build` writes the static site. The built-in content and
/// theme ship with the tool; a file in `content_dir` or in
/// `themes_dir/<theme>/` overrides the built-in file of the same name.
public struct SiteConfig: Sendable, Equatable, ConfigSection {
    /// Site title in every page header. Default: the organisation's name.
    public var title: String?
    /// Folder of local Markdown page templates (overrides of `content/*.md`). nil: built-in only.
    public var contentDir: String?
    /// Folder holding local themes (`<themes_dir>/<theme>/layouts|assets`). nil: built-in only.
    public var themesDir: String?
    /// Theme name. Default: "default".
    public var theme: String
    /// `lang` of every page. Default: "en".
    public var language: String
    /// Periods shown in a statement's trend chart (this period and the ones before it). Default: 6.
    public var trendPeriods: Int
    /// Public address of the site, for links in e-mails. "" when not configured.
    public var baseURL: String
    /// Who may read which pages: the `.htaccess` files or nginx includes `build` writes.
    public var access: SiteAccessConfig

    public init(title: String? = nil, contentDir: String? = nil, themesDir: String? = nil, theme: String = "default",
                language: String = "en", trendPeriods: Int = 6, baseURL: String = "", access: SiteAccessConfig = .init()) {
        self.title = title
        self.contentDir = contentDir
        self.themesDir = themesDir
        self.theme = theme
        self.language = language
        self.trendPeriods = trendPeriods
        self.baseURL = baseURL
        self.access = access
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        self.init()
        if let v = m.value("title") { title = try v.nonEmptyString() }
        if let v = m.value("content_dir") { contentDir = try v.resolvedPath() }
        if let v = m.value("themes_dir") { themesDir = try v.resolvedPath() }
        if let v = m.value("theme") {
            theme = try v.nonEmptyString()
            // A theme name is one folder name: never a path out of themes_dir.
            guard theme.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }) else {
                throw v.error(.invalidValue, "expected a theme folder name (letters, digits, - and _), got \"\(theme)\"")
            }
        }
        if let v = m.value("language") {
            language = try v.nonEmptyString()
            guard language.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "-" }) else {
                throw v.error(.invalidValue, "expected a language tag such as en or en-GB, got \"\(language)\"")
            }
        }
        if let v = m.value("trend_periods") { trendPeriods = try v.positiveInt() }
        if let v = m.value("base_url") { baseURL = try v.string() }
        access = try m.section("access")
    }
}
