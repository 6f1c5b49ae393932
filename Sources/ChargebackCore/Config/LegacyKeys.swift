/// The legacy tool's top-level keys: what each means here, or one warning line
/// saying why it means nothing (docs/migrating.md has the whole table).
enum LegacyKeys {
    /// Sections of the legacy config with no meaning here, and why.
    static let ignoredSections: [(key: String, why: String)] = [
        ("web", "the legacy web UI's settings (users, secret_key, host, port) mean nothing here: "
            + "`openchargeback build` writes a static site; publish output.site_dir with your web server behind single sign-on (docs/access.md)"),
        ("sources", "API credentials were never used by the legacy tool either: ingest reads each source's FOCUS export"),
    ]

    /// One line when a legacy file's relative paths follow the working directory
    /// because the file did not say so (`paths_relative_to`).
    static func noteDialect(_ context: ConfigContext) {
        guard context.isLegacy, !context.paths.explicit, let marker = context.paths.marker else { return }
        context.warn(line: marker.line, "a legacy OpenChargeback 0.4 config (it has '\(marker.key)'): relative paths resolve against "
                     + "the working directory \(context.paths.workingDirectory), as the legacy tool did; "
                     + "add paths_relative_to: working_directory (or config) to say so and silence this line")
    }

    /// Top-level `dev_mode`, `output.email_dir`, and warnings for the ignored sections.
    static func apply(_ root: ConfigMapping, to config: inout AppConfig) throws(ConfigError) {
        // No mail leaves the machine when either dev_mode is true (docs/email.md).
        if let v = root.value("dev_mode"), try v.bool() { config.email.devMode = true }
        if let legacyOutbox = config.output.emailDir, !config.email.outboxDirIsSet {
            config.email.outboxDir = legacyOutbox
        }
        for section in ignoredSections {
            if let v = root.value(section.key) {
                root.context.warn(line: v.keyLine, "\(section.key): ignored: \(section.why)")
            }
        }
    }
}
