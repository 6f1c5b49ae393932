/// A problem with one place of an input file: which file, which line, which
/// column, and what was expected. Printed as `FILE:LINE: column: message`.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based physical line where the record starts; 0 for file-level errors.
    public var line: Int
    /// Column name (header) where known, otherwise "" for a whole-row problem.
    public var column: String
    public var message: String

    public init(file: String, line: Int, column: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var s = file
        if line > 0 { s += ":\(line)" }
        s += ": "
        if !column.isEmpty { s += "\(column): " }
        return s + message
    }
}
