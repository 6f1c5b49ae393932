import Foundation
import Testing

/// A one-node Slurm cluster with accounting (MariaDB, munged, slurmdbd,
/// slurmctld, slurmd) in a scratch folder on loopback, for one test:
/// Tests/SlurmSupport/slurm_cluster.sh starts and stops it.
final class SlurmCluster {
    static let script = CLI.repoRoot + "/Tests/SlurmSupport/slurm_cluster.sh"
    /// The daemons are installed (scripts/bootstrap).
    static var installed: Bool {
        ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/slurmdbd", "/usr/sbin/munged", "/usr/sbin/mariadbd", "/usr/bin/sacct"]
            .allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    let folder: String
    /// SLURM_CONF for the clients (sbatch, sacct, openchargeback).
    let environment: [String: String]

    /// Starts it, with these Slurm accounts; the script's own bounded waits
    /// fail with the daemons' logs if one does not come up.
    init(accounts: [String]) throws {
        folder = NSTemporaryDirectory() + "ocb-slurm-" + UUID().uuidString
        let started = try SlurmCluster.shell([Self.script, "start", folder] + accounts, timeout: 180)
        guard started.status == 0 else {
            _ = try? SlurmCluster.shell([Self.script, "stop", folder], timeout: 30)
            throw CLI.Failure("the Slurm cluster did not start (exit \(started.status)):\n\(started.output)")
        }
        environment = ["SLURM_CONF": folder + "/slurm.conf"]
    }

    /// Stops every daemon it started and removes the folder. Call it with `defer`.
    func stop() {
        _ = try? SlurmCluster.shell([Self.script, "stop", folder], timeout: 30)
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs a Slurm client (sbatch, squeue, sacct, scancel) against this cluster.
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try SlurmCluster.shell(["/usr/bin/env", "SLURM_CONF=\(folder)/slurm.conf"] + arguments, timeout: 30)
    }

    /// Submits a batch job; its id.
    func submit(partition: String, account: String, cpus: Int, script: String) throws -> String {
        let out = try run(["sbatch", "--parsable", "-p", partition, "-A", account, "-c", "\(cpus)", "-o", "/dev/null", "--wrap", script])
        guard out.status == 0, let id = out.output.split(separator: "\n").first.map(String.init), Int(id) != nil else {
            throw CLI.Failure("sbatch failed: \(out.output)")
        }
        return id
    }

    /// Polls `condition` every 0.2 s until it holds, for at most `seconds`.
    func wait(_ what: String, seconds: Double, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try !condition() {
            guard Date() < deadline else {
                let log = (try? String(contentsOfFile: folder + "/log/slurmctld.log", encoding: .utf8)) ?? ""
                throw CLI.Failure("no \(what) after \(seconds) s; slurmctld.log ends:\n\(log.suffix(3000))")
            }
            usleep(200_000)
        }
    }

    /// A program's exit status and its output and errors together, killed after `timeout` seconds.
    static func shell(_ arguments: [String], timeout: Double) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0].hasPrefix("/") ? arguments[0] : "/usr/bin/env")
        process.arguments = arguments[0].hasPrefix("/") ? Array(arguments.dropFirst()) : arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let box = CLI.DataBox()
        let reader = Thread { box.data = pipe.fileHandleForReading.readDataToEndOfFile(); box.done.signal() }
        reader.start()
        if box.done.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            box.done.wait()
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: box.data, as: UTF8.self))
    }
}
