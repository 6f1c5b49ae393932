import ChargebackCore

/// A CSV input with a header line, read row by row: cells by column name
/// (matched case-insensitively), a row of the wrong length listed as an
/// error and skipped, reading going on after a bad row.
struct CSVTable {
    struct Row {
        let file: String
        let line: Int
        /// Header names as written (trimmed), and this row's cells, trimmed.
        let columns: [String]
        let cells: [String]
        private let index: [String: Int]

        init(file: String, line: Int, columns: [String], cells: [String], index: [String: Int]) {
            self.file = file
            self.line = line
            self.columns = columns
            self.cells = cells
            self.index = index
        }

        /// The cell under `name`; "" when the column is absent or the cell empty.
        func callAsFunction(_ name: String) -> String {
            index[name].map { cells[$0] } ?? ""
        }

        /// A problem with this row's `column`.
        func error(_ column: String, _ message: String) -> InputError {
            InputError(file: file, line: line, column: column, message: message)
        }
    }

    /// Reads `path`, checking that the header names every column of `required`
    /// (lower case); `expected` says what file was expected, for the message.
    /// `body` takes each row; the error it throws is listed and reading goes on.
    static func read(_ path: String, required: [String], expected: String, errors: inout InputErrorList,
                     _ body: (Row) throws(InputError) -> Void) {
        do throws(InputError) {
            let reader = try CSVReader(path: path)
            guard try reader.next() else {
                errors.add(InputError(file: path, line: 0, column: "", message: "the file is empty: expected \(expected)"))
                return
            }
            let columns = reader.strings.map(\.trimmedWhitespace)
            let index = Dictionary(columns.enumerated().map { ($1.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
            let missing = required.filter { index[$0] == nil }
            guard missing.isEmpty else {
                errors.add(InputError(file: path, line: reader.line, column: "",
                                      message: "header: missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) (expected \(expected))"))
                return
            }
            while true {
                let more: Bool
                do throws(InputError) { more = try reader.next() } catch { errors.add(error); continue }
                guard more else { break }
                guard reader.fieldCount == columns.count else {
                    errors.add(InputError(file: path, line: reader.line, column: "", message: "expected \(columns.count) fields, found \(reader.fieldCount)"))
                    continue
                }
                do throws(InputError) {
                    try body(Row(file: path, line: reader.line, columns: columns, cells: reader.strings.map(\.trimmedWhitespace), index: index))
                } catch {
                    errors.add(error)
                }
            }
        } catch {
            errors.add(error)
        }
    }
}
