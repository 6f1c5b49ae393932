// What the build keeps of each period's files for the finance and period pages.

/// What the finance page and the period page show of a period's journal
/// files. Kept in the build state, so a period kept unchanged still lists them.
package struct FinancePeriod: Codable, Sendable, Equatable {
    package struct File: Codable, Sendable, Equatable {
        package var format: String
        package var name: String
        /// Relative to the site root.
        package var path: String
        package var bytes: Int
        package var sha256: String
        package var rows: Int
        package var debitCents: Int64
        package var creditCents: Int64

        package init(format: String, name: String, path: String, bytes: Int, sha256: String, rows: Int, debitCents: Int64, creditCents: Int64) {
            self.format = format
            self.name = name
            self.path = path
            self.bytes = bytes
            self.sha256 = sha256
            self.rows = rows
            self.debitCents = debitCents
            self.creditCents = creditCents
        }
    }

    package var files: [File] = []
    /// The statements' amounts due added up (each rounded to the cent): what the GL debits, net.
    package var statementsCents: Int64 = 0
    /// Why there is no GL file (a journal that cannot balance is never written).
    package var problems: [String] = []

    package init(files: [File] = [], statementsCents: Int64 = 0, problems: [String] = []) {
        self.files = files
        self.statementsCents = statementsCents
        self.problems = problems
    }
}

/// What the build state keeps of a frozen period: its archive, so the
/// finance page can list it and later builds know to keep the period as it is.
package struct FrozenPeriod: Codable, Sendable, Equatable {
    /// Relative to the site root.
    package var archive: String
    package var bytes: Int
    package var sha256: String
    /// Files in the snapshot besides `SHA256SUMS`.
    package var files: Int

    package init(archive: String, bytes: Int, sha256: String, files: Int) {
        self.archive = archive
        self.bytes = bytes
        self.sha256 = sha256
        self.files = files
    }
}
