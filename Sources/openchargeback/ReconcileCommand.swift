import ArgumentParser
import ChargebackCore

struct ReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Prove nothing is lost: imported = on statements + awaiting review + rejected, exactly. Exit 1 if not.",
        discussion: "Example: openchargeback reconcile -p 2026-10")

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .customLong("period")], help: "Period, YYYY-MM.") var period: BillingPeriod

    func run() throws {
        let context = try global.context()
        let r = try context.run { try Reconciler(store: context.store).reconcile(period) }
        var table = TextTable(["", "charges", "billed (\(context.currency), exact)"], rightAligned: [1, 2])
        for line in [r.imported, r.onStatements, r.awaitingReview, r.rejected, r.accountedFor] {
            table.add([line.label, "\(line.rows)", exact(line.billed)])
        }
        print("reconcile \(period)\n")
        print(table.render())
        if r.invalidRows > 0 {
            print("input rows refused as invalid (not charges): \(r.invalidRows)" + (r.rejectsFiles.isEmpty ? "" : ", in " + r.rejectsFiles.joined(separator: ", ")))
        }
        if r.balances {
            print("OK: every imported charge is on a statement, awaiting review, or rejected")
        } else {
            print("MISMATCH: imported \(r.imported.rows) charges / \(exact(r.imported.billed)), accounted for \(r.accountedFor.rows) / \(exact(r.accountedFor.billed))"
                  + (r.unplaced > 0 ? "; \(r.unplaced) charges in no place" : "")
                  + (r.identityMismatches > 0 ? "; \(r.identityMismatches) charges without a unique identity key" : ""))
            throw ExitCode(1)
        }
    }

    private func exact(_ s: MoneySum) -> String {
        (try? s.money()).map { MoneyFormat.plain($0) } ?? "overflow"
    }
}
