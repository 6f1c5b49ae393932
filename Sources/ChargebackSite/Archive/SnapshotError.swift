/// Why a snapshot could not be read or checked (not: that it differs, which
/// `SnapshotReport` says). Every case names the file and what was expected.
public enum SnapshotError: Error, CustomStringConvertible, Sendable {
    case notFound(String)
    case noManifest(path: String, looked: String)
    case malformedManifest(file: String, line: Int, message: String)
    case unreadableZip(path: String, message: String)
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case .notFound(let path):
            "\(path): no such file or folder"
        case .noManifest(let path, let looked):
            "\(path): not a snapshot: no \(SnapshotManifest.fileName) (looked for \(looked))"
        case .malformedManifest(let file, let line, let message):
            "\(file):\(line): \(message)"
        case .unreadableZip(let path, let message):
            "\(path): not a readable zip archive (\(message))"
        case .io(let path, let message):
            "\(path): \(message)"
        }
    }
}
