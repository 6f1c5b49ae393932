import ChargebackCore
import ChargebackRender
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes the files of one build into the staging folder, from many threads
/// at once, and records what each file was made from. A file whose inputs
/// did not change since the previous build is hard-linked from the previous
/// site instead of being made again, or left in place when the recycled
/// staging folder already has that very file (the same inode).

final class SiteOutput: @unchecked Sendable {
    let root: String
    private let previousRoot: String?
    private let previous: [String: BuildState.File]
    /// False when the templates or settings changed: then only frozen periods are kept from the previous site.
    private let templatesUnchanged: Bool
    /// Files the staging folder had when the build started (see `StagingFolder`).
    private let recycled: Set<String>
    private let lock = NSLock()
    private var files: [String: BuildState.File] = [:]
    private var directories = Set<String>()
    private(set) var written = 0
    private(set) var kept = 0
    /// Fault injection for the atomicity test: the process kills itself after
    /// writing this many files (`OPENCHARGEBACK_TEST_KILL_AFTER_FILES`).
    private let killAfter: Int?

    init(root: String, previousRoot: String?, previous: [String: BuildState.File], templatesUnchanged: Bool,
         recycled: Set<String> = [], killAfter: Int?) {
        self.root = root
        self.previousRoot = previousRoot
        self.previous = previous
        self.templatesUnchanged = templatesUnchanged
        self.recycled = recycled
        self.killAfter = killAfter
    }

    var recorded: [String: BuildState.File] { lock.withLock { files } }

    /// The previous build's files of `period`, if it had any.
    func previousFiles(period: String) -> [(String, BuildState.File)] {
        previous.filter { $0.value.period == period }.sorted { $0.key < $1.key }
    }

    /// True when the previous site has `path` made from the same input and the same templates.
    func canKeep(_ path: String, input: String) -> Bool {
        templatesUnchanged && previousRoot != nil && previous[path]?.input == input
    }

    /// Hard-links `path` from the previous site. False when it is not there.
    func keep(_ path: String, entry: BuildState.File) throws(SiteError) -> Bool {
        guard let previousRoot else { return false }
        let target = root + "/" + path
        let source = previousRoot + "/" + path
        if recycled.contains(path) {
            if Self.sameFile(target, source) {
                lock.withLock {
                    files[path] = entry
                    kept += 1
                }
                return true
            }
            unlink(target)
        }
        try makeParent(of: path)
        guard link(source, target) == 0 else {
            if errno == ENOENT { return false }
            // Linked already by this build (a period kept in part, then rendered after all).
            if errno == EEXIST, Self.sameFile(target, source) { return true }
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
        try Self.writeAll(fd, bytes, path: full)
        record(path, input: input, period: period)
    }

    /// A file that `make` writes itself at the full path it is given (say, a zip written entry by entry).
    func write(to path: String, input: String, period: String?, with make: (String) throws -> Void) throws {
        try makeParent(of: path)
        let full = root + "/" + path
        unlink(full)
        try make(full)
        record(path, input: input, period: period)
    }

    /// A file written in pieces, in order, from one thread: the period's
    /// detail journal, whose million rows are never in memory at once.
    final class Stream {
        let path: String
        private let full: String
        private var fd: Int32
        private(set) var bytes = 0
        private var hasher = SHA256()

        fileprivate init(path: String, full: String, fd: Int32) {
            self.path = path
            self.full = full
            self.fd = fd
        }

        deinit { if fd >= 0 { close(fd) } }

        func append(_ chunk: ArraySlice<UInt8>) throws(SiteError) {
            let result: Result<Void, SiteError> = chunk.withUnsafeBytes { buffer in
                do throws(SiteError) { try append(buffer) } catch { return .failure(error) }
                return .success(())
            }
            try result.get()
        }

        func append(_ chunk: UnsafeRawBufferPointer) throws(SiteError) {
            hasher.update(bufferPointer: chunk)
            try SiteOutput.writeAll(fd, chunk, path: full)
            bytes += chunk.count
        }

        /// SHA-256 (hex) of everything appended.
        fileprivate func finish() -> String {
            close(fd)
            fd = -1
            return FileDigest.hex(hasher.finalize())
        }
    }

    func stream(to path: String) throws(SiteError) -> Stream {
        try makeParent(of: path)
        let full = root + "/" + path
        unlink(full)
        let fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: full, message: String(cString: strerror(errno))) }
        return Stream(path: path, full: full, fd: fd)
    }

    /// Closes `stream` and records its file; returns its SHA-256 (hex).
    func finish(_ stream: Stream, input: String, period: String?) -> String {
        let digest = stream.finish()
        record(stream.path, input: input, period: period)
        return digest
    }

    private static func writeAll(_ fd: Int32, _ bytes: some Collection<UInt8>, path: String) throws(SiteError) {
        let result: Result<Void, SiteError>? = bytes.withContiguousStorageIfAvailable { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                guard n > 0 else { return .failure(.io(path: path, message: String(cString: strerror(errno)))) }
                offset += n
            }
            return .success(())
        }
        if let result { try result.get() } else { try writeAll(fd, Array(bytes), path: path) }
    }

    private func record(_ path: String, input: String, period: String?) {
        let count = lock.withLock {
            files[path] = BuildState.File(input: input, period: period)
            written += 1
            return written
        }
        if let killAfter, count >= killAfter { kill(getpid(), SIGKILL) }
    }

    /// Writes a small file that most builds make again byte for byte (the
    /// access rules): kept from the previous site when its bytes are the same.
    func writeUnlessUnchanged(_ bytes: [UInt8], to path: String) throws(SiteError) {
        let input = FileDigest.hex(SHA256.hash(data: bytes))
        if canKeep(path, input: input), try keep(path, entry: .init(input: input, period: nil)) { return }
        try write(bytes, to: path, input: input, period: nil)
    }

    /// Deletes what the recycled staging folder had and this build did not
    /// make or keep (a PI or period no longer in the ledger, an asset
    /// dropped), with folders left empty. Call after the last file.
    func removeStale() {
        let made = lock.withLock { files }
        for path in recycled.sorted(by: >) where made[path] == nil && path != StagingFolder.marker {
            unlink(root + "/" + path)
            var dir = path
            while let slash = dir.lastIndex(of: "/") {
                dir = String(dir[..<slash])
                if rmdir(root + "/" + dir) != 0 { break }
            }
        }
    }

    /// Both paths name one file (hard links of the same inode): equal bytes,
    /// since no file is ever written in place.
    private static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        return lstat(a, &sa) == 0 && lstat(b, &sb) == 0 && sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev
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
