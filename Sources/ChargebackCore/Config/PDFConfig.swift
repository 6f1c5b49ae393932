/// `pdf:` — how PDF statements are laid out.
public struct PDFConfig: Sendable, Equatable, ConfigSection {
    public enum PageSize: String, Sendable, Equatable, CaseIterable {
        case a4, letter
    }

    public var pageSize: PageSize
    /// Margin on every side, in millimetres.
    public var marginMM: Int

    public init(pageSize: PageSize = .a4, marginMM: Int = 18) {
        self.pageSize = pageSize
        self.marginMM = marginMM
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        self.init()
        if let v = m.value("page_size") { pageSize = try v.oneOf(PageSize.self) }
        if let v = m.value("margin_mm") {
            marginMM = try v.positiveInt()
            // A4 is 210 mm wide: wider margins leave no room for a table.
            guard marginMM <= 50 else { throw v.error(.invalidValue, "expected a margin of 1 to 50 mm, got \(marginMM)") }
        }
    }
}
