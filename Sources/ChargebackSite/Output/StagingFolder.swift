import CFileExchange
import ChargebackRender
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A build writes into `.<name>.staging` beside the site folder and swaps it
/// in only when complete, so a build that fails or is killed leaves the
/// previous site as it was. A lock file keeps two builds (say, cron and a
/// person) from writing the same site at once. The replaced site stays as
/// `.<name>.previous` until the next build (a one-command rollback).
///
/// The next build then recycles it as its staging folder: most of its files
/// are hard links to the same files as the live site's, so `SiteOutput`
/// leaves them where they are instead of linking every unchanged file again
/// and deleting the old tree (together half of an incremental build's time,
/// all of it file-system work; measured on the build bench).
final class StagingFolder {
    /// The site folder being replaced.
    let out: String
    /// Where this build writes.
    let path: String
    /// The site this build replaces, kept until the next build.
    let previous: String
    /// Files already in the staging folder (a recycled site), relative paths; empty when it starts empty.
    let recycled: Set<String>
    private let lockFD: Int32
    private let cleanup = DispatchGroup()

    /// Marks a folder as a site this tool built (and may therefore replace).
    static let marker = BuildState.fileName

    init(out: String) throws(SiteError) {
        let url = URL(fileURLWithPath: out).standardizedFileURL
        self.out = url.path
        let parent = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        path = parent + "/." + name + ".staging"
        previous = parent + "/." + name + ".previous"
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .io(path: parent, message: "cannot create the folder: \(error.localizedDescription)")
        }
        let lockPath = parent + "/." + name + ".lock"
        let fd = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: lockPath, message: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw .busy(self.out)
        }
        lockFD = fd
        try Self.checkReplaceable(self.out)
        // A build killed earlier leaves its staging folder, in an unknown state: throw it away.
        Self.trash(path, group: cleanup)
        if let state = BuildState.read(site: previous), rename(previous, path) == 0 {
            recycled = Set(state.files.keys).union([Self.marker])
            return
        }
        Self.trash(previous, group: cleanup)
        recycled = []
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        } catch {
            throw .io(path: path, message: "cannot create the staging folder: \(error.localizedDescription)")
        }
    }

    /// Moves `folder` out of the way at once and deletes it on another thread.
    private static func trash(_ folder: String, group: DispatchGroup) {
        guard FileManager.default.fileExists(atPath: folder) else { return }
        let trash = folder + ".trash-" + String(getpid())
        guard rename(folder, trash) == 0 else {
            try? FileManager.default.removeItem(atPath: folder)
            return
        }
        DispatchQueue.global().async(group: group) { try? FileManager.default.removeItem(atPath: trash) }
    }

    deinit { close(lockFD) }

    /// Swaps the finished staging folder in as the site and deletes the old site.
    func commit() throws(SiteError) {
        cleanup.wait()
        try Self.remove(previous)
        if FileManager.default.fileExists(atPath: out) {
            guard ocb_exchange_paths(path, out) == 0 else {
                throw .io(path: out, message: "cannot swap in the new site: \(String(cString: strerror(errno)))")
            }
            guard rename(path, previous) == 0 else {
                throw .io(path: previous, message: "cannot keep the previous site: \(String(cString: strerror(errno)))")
            }
        } else {
            guard rename(path, out) == 0 else {
                throw .io(path: out, message: "cannot move the new site into place: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Deletes the staging folder after a failed build.
    func abandon() {
        cleanup.wait()
        try? Self.remove(path)
    }

    /// Never swap away a folder that is not ours (say, `--out ~`): it must be
    /// missing, empty, or carry the marker of an earlier build.
    private static func checkReplaceable(_ out: String) throws(SiteError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw .notASite(out) }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        guard entries.isEmpty || entries.contains(marker) else { throw .notASite(out) }
    }

    private static func remove(_ path: String) throws(SiteError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw .io(path: path, message: "cannot remove: \(error.localizedDescription)")
        }
    }
}
