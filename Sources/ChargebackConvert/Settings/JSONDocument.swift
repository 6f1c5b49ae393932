import ChargebackCore
import Foundation

/// Reads a JSON file (a legacy converter's config, an inventory, a quota
/// list) into a `SettingsNode` tree that remembers each value's line and
/// path, and keeps numbers as the decimal text written. The file is opened
/// read-only and never changed.
public enum JSONDocument {
    public static func read(file path: String, displayName: String? = nil) throws(InputError) -> SettingsNode {
        let name = displayName ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw InputError(file: name, line: 0, column: "",
                             message: exists ? (isDirectory.boolValue ? "is a folder, expected a JSON file" : "cannot be read") : "file not found")
        }
        return try parse(Array(data), file: name)
    }

    public static func parse(_ text: String, file: String) throws(InputError) -> SettingsNode {
        try parse(Array(text.utf8), file: file)
    }

    public static func parse(_ bytes: [UInt8], file: String) throws(InputError) -> SettingsNode {
        var parser = JSONTreeParser(bytes: bytes, file: file)
        return try parser.document()
    }
}

/// A JSON parser (RFC 8259) building `SettingsNode`s with line numbers.
/// Duplicate keys in one object are an error (a reader would silently take one).
struct JSONTreeParser {
    let b: [UInt8]
    let file: String
    var i = 0
    var line = 1

    init(bytes: [UInt8], file: String) {
        self.b = bytes
        self.file = file
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }  // a UTF-8 BOM (PowerShell writes one)
    }

    func fail(_ expected: String) -> InputError {
        let got: String
        if i >= b.count {
            got = "the end of the file"
        } else {
            let end = min(b.count, i + 20)
            got = FocusText.quote(String(decoding: b[i..<end], as: UTF8.self))
        }
        return InputError(file: file, line: line, column: "", message: "invalid JSON: expected \(expected), got \(got)")
    }

    mutating func document() throws(InputError) -> SettingsNode {
        guard String(validating: b, as: UTF8.self) != nil else {
            throw InputError(file: file, line: 0, column: "", message: "not UTF-8 text")
        }
        skipSpace()
        let root = try value(origin: SettingsOrigin(file: file, line: line, path: ""), depth: 0)
        skipSpace()
        guard i == b.count else { throw fail("the end of the document") }
        return root
    }

    mutating func skipSpace() {
        while i < b.count {
            switch b[i] {
            case 0x0A: line += 1; i += 1
            case 0x20, 0x09, 0x0D: i += 1
            default: return
            }
        }
    }

    mutating func value(origin: SettingsOrigin, depth: Int) throws(InputError) -> SettingsNode {
        guard depth < 200 else { throw fail("less deeply nested data") }
        guard i < b.count else { throw fail("a value") }
        var origin = origin
        origin.line = line
        switch b[i] {
        case UInt8(ascii: "{"):
            i += 1
            var members: [SettingsNode.Member] = []
            var seen: Set<String> = []
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return SettingsNode(value: .object(members), origin: origin) }
            while true {
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("a string key") }
                let keyLine = line
                let key = try string()
                guard seen.insert(key).inserted else {
                    throw InputError(file: file, line: keyLine, column: origin.child(key, line: keyLine).path,
                                     message: "duplicate key \(FocusText.quote(key))")
                }
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("\":\" after a key") }
                i += 1
                skipSpace()
                let child = try value(origin: origin.child(key, line: line), depth: depth + 1)
                members.append(.init(key: key, node: child))
                skipSpace()
                guard i < b.count else { throw fail("\",\" or \"}\"") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "}") { i += 1; break }
                throw fail("\",\" or \"}\"")
            }
            return SettingsNode(value: .object(members), origin: origin)
        case UInt8(ascii: "["):
            i += 1
            var items: [SettingsNode] = []
            skipSpace()
            if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return SettingsNode(value: .array(items), origin: origin) }
            while true {
                skipSpace()
                items.append(try value(origin: origin.element(items.count, line: line), depth: depth + 1))
                skipSpace()
                guard i < b.count else { throw fail("\",\" or \"]\"") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "]") { i += 1; break }
                throw fail("\",\" or \"]\"")
            }
            return SettingsNode(value: .array(items), origin: origin)
        case UInt8(ascii: "\""):
            return SettingsNode(value: .string(try string()), origin: origin)
        case UInt8(ascii: "t"):
            try literal("true")
            return SettingsNode(value: .bool(true), origin: origin)
        case UInt8(ascii: "f"):
            try literal("false")
            return SettingsNode(value: .bool(false), origin: origin)
        case UInt8(ascii: "n"):
            try literal("null")
            return SettingsNode(value: .null, origin: origin)
        default:
            let start = i
            while i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: ".")
                || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") || (b[i] >= 48 && b[i] <= 57) {
                i += 1
            }
            let text = String(decoding: b[start..<i], as: UTF8.self)
            guard !text.isEmpty, SettingsNumber.isNumber(text) else {
                i = start
                throw fail("a value (an object, list, string, number, true, false or null)")
            }
            return SettingsNode(value: .number(text), origin: origin)
        }
    }

    mutating func literal(_ word: String) throws(InputError) {
        let w = Array(word.utf8)
        guard i + w.count <= b.count, Array(b[i..<i + w.count]) == w else { throw fail(word) }
        i += w.count
    }

    /// A string literal, decoded as a FOCUS Tags cell's strings are (`JSONStringLiteral`).
    mutating func string() throws(InputError) -> String {
        let start = i
        let result = b.withUnsafeBytes { bytes in
            Result { () throws(FocusTags.ParseError) in try JSONStringLiteral.decode(bytes, at: start) }
        }
        switch result {
        case .success(let decoded):
            i = decoded.end
            return decoded.text
        case .failure(let error):
            guard case .invalidJSON(let offset, let expected) = error.kind else { throw fail("a string") }
            i = offset
            throw fail(expected)
        }
    }
}
