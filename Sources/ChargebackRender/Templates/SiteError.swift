/// Why a build stopped. Every case names the file and what was expected.
public enum SiteError: Error, CustomStringConvertible, Sendable {
    case missingBuiltin(String)
    case missingTemplate(name: String, searched: [String])
    case template(file: String, line: Int, column: Int, message: String)
    case io(path: String, message: String)
    case notASite(String)
    case busy(String)
    /// Access rules that cannot be written safely (`site.access`).
    case access(String)

    public var description: String {
        switch self {
        case .missingBuiltin(let detail):
            "the built-in content/ and themes/ folders were not found (\(detail)); set OPENCHARGEBACK_SHARE to the folder holding them"
        case .missingTemplate(let name, let searched):
            "no \(name) in any of: \(searched.joined(separator: ", "))"
        case .template(let file, let line, let column, let message):
            "\(file):\(line):\(column): \(message)"
        case .io(let path, let message):
            "\(path): \(message)"
        case .notASite(let path):
            "refusing to replace \(path): it is not empty and was not built by openchargeback (no .openchargeback-build.json); remove it or choose another --out"
        case .busy(let path):
            "another build is writing \(path) (lock held); try again when it has finished"
        case .access(let message):
            "site.access: \(message)"
        }
    }
}
