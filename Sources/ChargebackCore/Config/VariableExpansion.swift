/// `${VAR}` expansion for configuration values.
///
/// `${NAME}` is replaced by the environment variable NAME (letters, digits, `_`,
/// not starting with a digit); `$$` is a literal `$`. Any other `$` is kept as is,
/// so regex anchors such as `^\d{5}$` need no escaping.
enum VariableExpansion {
    enum Failure: Error, Equatable {
        case notSet(String)
        case malformed(String)

        var message: String {
            switch self {
            case .notSet(let name): "environment variable \(name) is not set"
            case .malformed(let why): why
            }
        }
    }

    static func expand(_ text: String, environment: [String: String]) throws(Failure) -> String {
        guard text.contains("$") else { return text }
        var out = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            let after = rest.index(after: dollar)
            guard after < rest.endIndex else {
                out.append("$")
                rest = rest[after...]
                break
            }
            switch rest[after] {
            case "$":
                out.append("$")
                rest = rest[rest.index(after: after)...]
            case "{":
                let nameStart = rest.index(after: after)
                guard let close = rest[nameStart...].firstIndex(of: "}") else {
                    throw .malformed("unterminated ${ in \"\(text)\" (write $$ for a literal $)")
                }
                let name = String(rest[nameStart..<close])
                guard isVariableName(name) else {
                    throw .malformed("invalid environment variable name \"${\(name)}\" (write $$ for a literal $)")
                }
                guard let value = environment[name] else { throw .notSet(name) }
                out += value
                rest = rest[rest.index(after: close)...]
            default:
                out.append("$")
                rest = rest[after...]
            }
        }
        out += rest
        return out
    }

    static func isVariableName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return s.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
