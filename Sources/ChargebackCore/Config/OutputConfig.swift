/// `output:` — where built files go. All paths are absolute.
public struct OutputConfig: Sendable, Equatable, ConfigSection {
    public var siteDir: String
    public var pdfDir: String
    public var journalDir: String
    /// Where `ingest --skip-invalid` writes rejected rows.
    public var rejectsDir: String

    public init(siteDir: String, pdfDir: String, journalDir: String, rejectsDir: String) {
        self.siteDir = siteDir
        self.pdfDir = pdfDir
        self.journalDir = journalDir
        self.rejectsDir = rejectsDir
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        let base = m.context.baseDirectory
        func def(_ p: String) -> String { ConfigPaths.resolve(p, against: base) }
        siteDir = try m.value("site_dir")?.resolvedPath() ?? def("./_site")
        pdfDir = try m.value("pdf_dir")?.resolvedPath() ?? def("./output/statements")
        journalDir = try m.value("journal_dir")?.resolvedPath() ?? def("./output/journals")
        rejectsDir = try m.value("rejects_dir")?.resolvedPath() ?? def("./output/rejects")
    }
}
