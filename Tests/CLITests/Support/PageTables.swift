import Foundation

/// The tables of a built HTML page, read by another parser (Python's
/// html.parser): each table a list of rows, each row its cells' text with
/// character references decoded and white space collapsed; and the text of
/// the last h2 heading before each table.
enum PageTables {
    struct Table {
        var heading: String
        var rows: [[String]]
    }

    static func read(_ path: String) throws -> [[[String]]] { try tables(path).map(\.rows) }

    static func tables(_ path: String) throws -> [Table] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CLI.Failure("cannot read the tables of \(path)") }
        let tables = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
        return tables.map { Table(heading: $0["heading"] as? String ?? "", rows: $0["rows"] as? [[String]] ?? []) }
    }

    /// The rows of a table as header → cell, without the header row.
    static func records(_ table: Table) -> [[String: String]] {
        guard let header = table.rows.first else { return [] }
        return table.rows.dropFirst().map { Dictionary(zip(header, $0), uniquingKeysWith: { a, _ in a }) }
    }

    /// The rows of the first table whose first row is `header`, without it.
    static func rows(_ tables: [[[String]]], header: [String]) -> [[String: String]]? {
        guard let table = tables.first(where: { $0.first == header }) else { return nil }
        return table.dropFirst().map { Dictionary(zip(header, $0), uniquingKeysWith: { a, _ in a }) }
    }

    private static let script = """
        import html.parser, json, sys
        class Tables(html.parser.HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.tables, self.row, self.cell, self.heading, self.h2 = [], None, None, "", None
            def handle_starttag(self, tag, attrs):
                if tag == "table": self.tables.append({"heading": self.heading, "rows": []})
                elif tag == "tr" and self.tables: self.row = []
                elif tag in ("td", "th") and self.row is not None: self.cell = ""
                elif tag == "h2": self.h2 = ""
            def handle_endtag(self, tag):
                if tag in ("td", "th") and self.cell is not None:
                    self.row.append(" ".join(self.cell.split())); self.cell = None
                elif tag == "tr" and self.row is not None:
                    self.tables[-1]["rows"].append(self.row); self.row = None
                elif tag == "h2" and self.h2 is not None:
                    self.heading = " ".join(self.h2.split()); self.h2 = None
            def handle_data(self, data):
                if self.cell is not None: self.cell += data
                if self.h2 is not None: self.h2 += data
        parser = Tables()
        parser.feed(open(sys.argv[1], encoding="utf-8").read())
        print(json.dumps(parser.tables))
        """
}
