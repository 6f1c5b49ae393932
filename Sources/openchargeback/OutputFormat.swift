import ArgumentParser
import ChargebackCore
import Foundation

/// `--format`: how a listing command prints. A table for people (the default,
/// on a terminal and off it: a cron job's mail keeps what it always showed),
/// CSV or JSON for scripts (docs/scripting.md). The commands build their rows
/// from library values (`OutputRecords`, ChargebackCore: its CSV and JSON
/// writers are the only place output is encoded; the site's audit.json uses them too).
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case table, csv, json
}

struct FormatOption: ParsableArguments {
    @Option(name: .customLong("format"), help: "table (default), csv or json; fields in docs/scripting.md.")
    var format: OutputFormat = .table

    /// Prints `table` for people, or `records` as CSV or JSON.
    func print(table: @autoclosure () -> String, records: @autoclosure () -> OutputRecords) {
        switch format {
        case .table: Swift.print(table(), terminator: "")
        case .csv: FileHandle.standardOutput.write(Data(records().csv()))
        case .json: FileHandle.standardOutput.write(Data(records().json().utf8))
        }
    }
}
