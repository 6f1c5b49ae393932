import Foundation
import Testing

/// A one-node Slurm cluster with accounting (MariaDB, munged, slurmdbd,
/// slurmctld, slurmd) in a scratch folder on loopback, for one test:
/// Tests/SlurmSupport/slurm_cluster.sh starts and stops it.
final class SlurmCluster {
    static let script = CLI.repoRoot + "/Tests/SlurmSupport/slurm_cluster.sh"
    static let programs = ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/slurmdbd", "/usr/sbin/munged", "/usr/sbin/mariadbd", "/usr/bin/sacct"]
    /// The programs scripts/bootstrap installs that are not here.
    static var missing: [String] { programs.filter { !FileManager.default.isExecutableFile(atPath: $0) } }

    /// Whether the live Slurm tests run: `OPENCHARGEBACK_SLURM_TESTS` is `auto`
    /// (the default: when Slurm is installed), `require` (always: a machine
    /// without Slurm fails them; CI sets it, since scripts/bootstrap installs
    /// it) or `off`.
    enum Gate {
        static var setting: String { ProcessInfo.processInfo.environment["OPENCHARGEBACK_SLURM_TESTS"] ?? "auto" }
        static var runs: Bool { setting == "require" || (setting != "off" && missing.isEmpty) }
        static var reason: Comment {
            setting == "off" ? "OPENCHARGEBACK_SLURM_TESTS=off"
                : Comment(rawValue: "Slurm is not installed here (no \(missing.joined(separator: ", "))): run scripts/bootstrap, or set OPENCHARGEBACK_SLURM_TESTS=require to fail instead of skipping")
        }
    }

    let folder: String
    /// SLURM_CONF for the clients (sbatch, sacct, openchargeback).
    let environment: [String: String]

    /// Starts it, with these Slurm accounts; the script's own bounded waits
    /// fail with the daemons' logs if one does not come up.
    init(accounts: [String]) throws {
        guard SlurmCluster.missing.isEmpty else {
            throw CLI.Failure("OPENCHARGEBACK_SLURM_TESTS=require, but Slurm is not installed here (no \(SlurmCluster.missing.joined(separator: ", "))): run scripts/bootstrap")
        }
        folder = NSTemporaryDirectory() + "ocb-slurm-" + UUID().uuidString
        let started = try Shell.run([Self.script, "start", folder] + accounts, timeout: 180)
        guard started.status == 0 else {
            _ = try? Shell.run([Self.script, "stop", folder], timeout: 30)
            throw CLI.Failure("the Slurm cluster did not start (exit \(started.status)):\n\(started.output)")
        }
        environment = ["SLURM_CONF": folder + "/slurm.conf"]
    }

    /// Stops every daemon it started and removes the folder. Call it with `defer`.
    func stop() {
        _ = try? Shell.run([Self.script, "stop", folder], timeout: 30)
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs a Slurm client (sbatch, squeue, sacct, scancel) against this cluster.
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Shell.run(["/usr/bin/env", "SLURM_CONF=\(folder)/slurm.conf"] + arguments, timeout: 30)
    }

    /// Submits a batch job (with a time limit in minutes, if given); its id.
    func submit(partition: String, account: String, cpus: Int, script: String, minutes: Int? = nil) throws -> String {
        let limit = minutes.map { ["--time=\($0)"] } ?? []
        let out = try run(["sbatch", "--parsable", "-p", partition, "-A", account, "-c", "\(cpus)", "-o", "/dev/null"] + limit + ["--wrap", script])
        guard out.status == 0, let id = out.output.split(separator: "\n").first.map(String.init), Int(id) != nil else {
            throw CLI.Failure("sbatch failed: \(out.output)")
        }
        return id
    }

    /// Polls `condition` every 0.2 s until it holds, for at most `seconds`.
    func wait(_ what: String, seconds: Double, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try !condition() {
            guard Date() < deadline else { throw CLI.Failure("no \(what) after \(seconds) s\n\(logs())") }
            usleep(200_000)
        }
    }

    /// The end of each daemon's log, for a failure message.
    func logs() -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/log")) ?? []).sorted()
        return names.map { name in
            let text = (try? String(contentsOfFile: folder + "/log/" + name, encoding: .utf8)) ?? ""
            return "--- \(name) ends:\n" + text.split(separator: "\n", omittingEmptySubsequences: false).suffix(25).joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
