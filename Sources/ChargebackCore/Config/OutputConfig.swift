/// `output:` — where built files go. All paths are absolute.
public struct OutputConfig: Sendable, Equatable, ConfigSection {
    public var siteDir: String
    public var pdfDir: String
    public var journalDir: String
    /// Where `ingest --skip-invalid` writes rejected rows.
    public var rejectsDir: String
    /// The legacy tool's `email_dir`: where dev mode writes messages unless
    /// `email.outbox_dir` says otherwise (`LegacyKeys`). nil when not set.
    public var emailDir: String?

    public init(siteDir: String, pdfDir: String, journalDir: String, rejectsDir: String, emailDir: String? = nil) {
        self.siteDir = siteDir
        self.pdfDir = pdfDir
        self.journalDir = journalDir
        self.rejectsDir = rejectsDir
        self.emailDir = emailDir
    }

    init(from m: ConfigMapping) throws(ConfigError) {
        let base = m.context.baseDirectory
        func def(_ ours: String, legacy: String? = nil) -> String {
            ConfigPaths.resolve(m.context.byDialect(ours, legacy: legacy ?? ours), against: base)
        }
        siteDir = try m.value("site_dir")?.resolvedPath() ?? def("./_site")
        pdfDir = try m.value("pdf_dir")?.resolvedPath() ?? def("./output/statements", legacy: "./instance/output/pdfs")
        journalDir = try m.value("journal_dir")?.resolvedPath() ?? def("./output/journals", legacy: "./instance/output/journals")
        rejectsDir = try m.value("rejects_dir")?.resolvedPath() ?? def("./output/rejects")
        emailDir = try m.value("email_dir")?.resolvedPath() ?? (m.context.isLegacy ? def("./instance/output/emails") : nil)
    }
}
