import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes the files of one build into the staging folder, from many threads
/// at once, and records what each file was made from. A file whose inputs
/// did not change since the previous build is hard-linked from the previous
/// site instead of being made again.
final class SiteOutput: @unchecked Sendable {
    let root: String
    private let previousRoot: String?
    private let previous: [String: BuildState.File]
    private let lock = NSLock()
    private var files: [String: BuildState.File] = [:]
    private var directories = Set<String>()
    private(set) var written = 0
    private(set) var kept = 0
    /// Fault injection for the atomicity test: the process kills itself after
    /// writing this many files (`OPENCHARGEBACK_TEST_KILL_AFTER_FILES`).
    private let killAfter: Int?

    init(root: String, previousRoot: String?, previous: [String: BuildState.File], killAfter: Int?) {
        self.root = root
        self.previousRoot = previousRoot
        self.previous = previous
        self.killAfter = killAfter
    }

    var recorded: [String: BuildState.File] { lock.withLock { files } }

    /// The previous build's files of `period`, if it had any.
    func previousFiles(period: String) -> [(String, BuildState.File)] {
        previous.filter { $0.value.period == period }.sorted { $0.key < $1.key }
    }

    /// True when the previous site has `path` made from the same input.
    func canKeep(_ path: String, input: String) -> Bool {
        previousRoot != nil && previous[path]?.input == input
    }

    /// Hard-links `path` from the previous site. False when it is not there.
    func keep(_ path: String, entry: BuildState.File) throws(SiteError) -> Bool {
        guard let previousRoot else { return false }
        try makeParent(of: path)
        guard link(previousRoot + "/" + path, root + "/" + path) == 0 else {
            if errno == ENOENT { return false }
            throw .io(path: root + "/" + path, message: "cannot link from the previous site: \(String(cString: strerror(errno)))")
        }
        lock.withLock {
            files[path] = entry
            kept += 1
        }
        return true
    }

    func write(_ bytes: [UInt8], to path: String, input: String, period: String?) throws(SiteError) {
        try makeParent(of: path)
        let full = root + "/" + path
        // The path may be a hard link into the previous site: never write through it.
        unlink(full)
        let fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: full, message: String(cString: strerror(errno))) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
            guard n > 0 else { throw .io(path: full, message: String(cString: strerror(errno))) }
            offset += n
        }
        let count = lock.withLock {
            files[path] = BuildState.File(input: input, period: period)
            written += 1
            return written
        }
        if let killAfter, count >= killAfter { kill(getpid(), SIGKILL) }
    }

    /// Creates the folders of `path` that do not exist yet. `mkdir` one level
    /// at a time, an existing folder being no error: two threads may create
    /// the same folder at once (a kept period and a rendered one share `pi/<pi>/`).
    private func makeParent(of path: String) throws(SiteError) {
        guard let slash = path.lastIndex(of: "/") else { return }
        let dir = String(path[..<slash])
        if lock.withLock({ directories.contains(dir) }) { return }
        var prefix = ""
        for component in dir.split(separator: "/") {
            prefix += (prefix.isEmpty ? "" : "/") + component
            if lock.withLock({ directories.contains(prefix) }) { continue }
            if mkdir(root + "/" + prefix, 0o755) != 0, errno != EEXIST {
                throw .io(path: root + "/" + prefix, message: "cannot create the folder: \(String(cString: strerror(errno)))")
            }
            lock.withLock { _ = directories.insert(prefix) }
        }
    }
}
