import ArgumentParser
import ChargebackCore

struct ReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Prove nothing is lost: imported = on statements + awaiting review + rejected, exactly. Exit 1 if not.",
        discussion: "Example: openchargeback reconcile -p 2026-10")

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .customLong("period")], help: "Period, YYYY-MM.") var period: BillingPeriod
    @OptionGroup var output: FormatOption

    /// The lines for scripts, by stable names.
    private static let names = ["imported", "on_statements", "awaiting_review", "rejected", "accounted_for"]
    private static let schema = RecordSchema<(name: String, line: ReconcileReport.Line)>([
        ("line", { .text($0.name) }), ("charges", { .int($0.line.rows) }), ("billed", { .sum($0.line.billed) }),
    ])

    func run() throws {
        let context = try global.context()
        let r = try context.run { try Reconciler(store: context.store).reconcile(period) }
        let lines = [r.imported, r.onStatements, r.awaitingReview, r.rejected, r.accountedFor]
        output.print(table: table(r, lines, currency: context.currency), records: Self.schema.records("lines", Array(zip(Self.names, lines)).map { (name: $0.0, line: $0.1) }, header: [
            ("currency", .text(context.currency)), ("period", .text(period.description)), ("balances", .bool(r.balances)),
            ("invalid_rows", .int(r.invalidRows)), ("rejects_files", .list(r.rejectsFiles.map { .text($0) })),
            ("unplaced", .int(r.unplaced)), ("identity_mismatches", .int(r.identityMismatches)),
        ]))
        if !r.balances { throw ExitCode(1) }
    }

    private func table(_ r: ReconcileReport, _ lines: [ReconcileReport.Line], currency: String) -> String {
        var table = TextTable(["", "charges", "billed (\(currency), exact)"], rightAligned: [1, 2])
        for line in lines { table.add([line.label, "\(line.rows)", exact(line.billed)]) }
        var out = "reconcile \(period)\n\n" + table.render() + "\n"
        if r.invalidRows > 0 {
            out += "input rows refused as invalid (not charges): \(r.invalidRows)" + (r.rejectsFiles.isEmpty ? "" : ", in " + r.rejectsFiles.joined(separator: ", ")) + "\n"
        }
        if r.balances {
            out += "OK: every imported charge is on a statement, awaiting review, or rejected\n"
        } else {
            out += "MISMATCH: imported \(r.imported.rows) charges / \(exact(r.imported.billed)), accounted for \(r.accountedFor.rows) / \(exact(r.accountedFor.billed))"
                + (r.unplaced > 0 ? "; \(r.unplaced) charges in no place" : "")
                + (r.identityMismatches > 0 ? "; \(r.identityMismatches) charges without a unique identity key" : "") + "\n"
        }
        return out
    }

    private func exact(_ s: MoneySum) -> String {
        (try? s.money()).map { MoneyFormat.plain($0) } ?? "overflow"
    }
}
