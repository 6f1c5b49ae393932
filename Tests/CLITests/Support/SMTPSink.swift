import Foundation
import Testing

/// A real SMTP server on loopback for one test (Tests/MailSupport/smtp_sink.py,
/// aiosmtpd): every message it accepts is a file, read back with Python's `email`.
final class SMTPSink {
    static let support = CLI.repoRoot + "/Tests/MailSupport"

    let folder: String
    let port: Int
    private let process: Process

    /// The server's self-signed certificate for 127.0.0.1 (with `tls`), to trust as `smtp.ca_file`.
    var certificate: String { folder + "/cert.pem" }

    /// `reject`: recipients answered 550; `deferring`: recipients answered 451 that many times first;
    /// `tls`: STARTTLS offered and required; `implicitTLS`: TLS from the first byte, on port 465
    /// (as SMTPS is); `login` ("user:password"): AUTH required.
    init(reject: [String] = [], deferring: [String: Int] = [:], tls: Bool = false, implicitTLS: Bool = false, login: String? = nil) throws {
        folder = NSTemporaryDirectory() + "ocb-smtp-" + UUID().uuidString
        let portFile = folder + "/port"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var arguments = [Self.support + "/smtp_sink.py", "--dir", folder + "/messages", "--port-file", portFile]
            + reject.flatMap { ["--reject", $0] } + deferring.flatMap { ["--defer", "\($0.key):\($0.value)"] }
        if tls || implicitTLS {
            let openssl = Process()
            openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                                 "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", folder + "/key.pem", "-out", folder + "/cert.pem"]
            openssl.standardError = FileHandle.nullDevice
            try openssl.run()
            openssl.waitUntilExit()
            guard openssl.terminationStatus == 0 else { throw CLI.Failure("openssl could not make a test certificate") }
            arguments += ["--tls-cert", folder + "/cert.pem", "--tls-key", folder + "/key.pem"]
            if implicitTLS { arguments += ["--implicit-tls", "--port", "465"] }
        }
        if let login { arguments += ["--login", login] }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Ready when it has written its port: poll, bounded (at most 20 s).
        var found: Int?
        for _ in 0..<2000 where found == nil {
            found = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
            if found == nil {
                guard process.isRunning else { break }
                usleep(10_000)
            }
        }
        guard let found else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw CLI.Failure("the SMTP sink did not start (is python3-aiosmtpd installed? scripts/bootstrap)")
        }
        port = found
    }

    /// Stops the server (SIGKILL: the test runner's children inherit a mask
    /// that blocks SIGTERM) and removes its files. Call it with `defer`: a
    /// deinit could run as soon as the test last names the sink, while the
    /// binary still talks to it.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The messages received so far, in order: file paths of the `.eml` files.
    func messages() -> [String] {
        let dir = folder + "/messages"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(".eml") }.sorted().map { dir + "/" + $0 }
    }

    /// The envelope recipients of each message, in order.
    func envelopes() throws -> [[String]] {
        try messages().map { path in
            let data = try Data(contentsOf: URL(fileURLWithPath: String(path.dropLast(4)) + ".json"))
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            return json?["to"] as? [String] ?? []
        }
    }

    /// `config.example.yaml` for a CLI folder, sending to this server (no TLS, no waiting between retries).
    func config(_ edit: (String) -> String = { $0 }) throws -> String {
        edit(try CLI.exampleConfig()
            .replacingOccurrences(of: "dev_mode: true", with: "dev_mode: false")
            .replacingOccurrences(of: "host: \"\"", with: "host: 127.0.0.1")
            .replacingOccurrences(of: "port: 587", with: "port: \(port)")
            .replacingOccurrences(of: "use_tls: true", with: "use_tls: false")
            .replacingOccurrences(of: "retry_delay_seconds: 5", with: "retry_delay_seconds: 0"))
    }
}

/// Messages read back by Python's `email` package (Tests/MailSupport/parse_message.py).
enum ParsedMail {
    static func parse(_ paths: [String]) throws -> [[String: Any]] {
        guard !paths.isEmpty else { return [] }
        guard let json = try Scripting.python([SMTPSink.support + "/parse_message.py"] + paths) as? [[String: Any]] else {
            throw CLI.Failure("parse_message.py: not a list of messages")
        }
        return json
    }
}

extension CLI {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
