@testable import ChargebackSite
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real Apache httpd or nginx serving a built site on a free loopback port,
/// with HTTP basic auth (an htpasswd file) standing in for single sign-on,
/// and curl asking it for pages as one user or another.
final class TestWebServer {
    enum Kind: String { case apache, nginx }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let port: Int
    private let process: Process
    private let errorLog: String

    /// Every user's password (one apr1 hash serves them all).
    static let password = "correct-horse"

    /// Starts the server over `site` (built with the matching `site.access.mode`), admitting `users`.
    /// Its configuration, htpasswd file and logs go in `scratch`.
    init(_ kind: Kind, site: String, users: [String], scratch: String) throws {
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let hash = try Self.run("/usr/bin/openssl", ["passwd", "-apr1", "-salt", "ocbtests", Self.password])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let htpasswd = scratch + "/htpasswd"
        try users.map { "\($0):\(hash)\n" }.joined().write(toFile: htpasswd, atomically: true, encoding: .utf8)
        // Apache started by root serves as www-data: let it read the site and the passwords.
        if getuid() == 0 {
            try Self.run("/bin/chmod", ["-R", "a+rX", site, scratch])
            try Self.run("/bin/chmod", ["a+x", URL(fileURLWithPath: site).deletingLastPathComponent().path])
        }

        port = try Self.freePort()
        errorLog = scratch + "/error.log"
        process = Process()
        switch kind {
        case .apache:
            let conf = scratch + "/httpd.conf"
            try Self.apacheConfig(site: site, htpasswd: htpasswd, scratch: scratch, port: port, errorLog: errorLog)
                .write(toFile: conf, atomically: true, encoding: .utf8)
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/apache2")
            process.arguments = ["-X", "-f", conf]
        case .nginx:
            let conf = scratch + "/nginx.conf"
            try Self.nginxConfig(site: site, htpasswd: htpasswd, scratch: scratch, port: port, errorLog: errorLog)
                .write(toFile: conf, atomically: true, encoding: .utf8)
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
            process.arguments = ["-p", scratch, "-e", errorLog, "-c", conf]
        }
        guard FileManager.default.isExecutableFile(atPath: process.executableURL?.path ?? "") else {
            throw Failure(description: "\(process.executableURL?.path ?? kind.rawValue) is not installed: run scripts/bootstrap")
        }
        _ = FileManager.default.createFile(atPath: errorLog + ".stderr", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: errorLog + ".stderr")
        try process.run()
        try waitUntilListening(kind)
    }

    deinit { stop() }

    /// SIGKILL: the server inherits the test runner's signal mask, in which
    /// SIGTERM and SIGINT are blocked, and has nothing to save.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The status of each `paths` (relative to the site root), asked by `user` (nil: no credentials).
    func statuses(_ paths: [String], as user: String?) throws -> [String: Int] {
        var arguments = ["--silent", "--globoff", "--max-time", "20", "--write-out", "%{http_code}\n"]
        if let user { arguments += ["--user", "\(user):\(Self.password)"] }
        for path in paths { arguments += ["--output", "/dev/null", "http://127.0.0.1:\(port)/\(path)"] }
        let codes = try Self.run("/usr/bin/curl", arguments).split(separator: "\n").compactMap { Int($0) }
        guard codes.count == paths.count else {
            throw Failure(description: "curl answered \(codes.count) statuses for \(paths.count) requests")
        }
        return Dictionary(zip(paths, codes), uniquingKeysWith: { a, _ in a })
    }

    /// Waits for the server's port to accept a connection (a bounded number of
    /// tries); fails with the server's error log when it exits first.
    private func waitUntilListening(_ kind: Kind) throws {
        for _ in 0..<500 {
            if Self.accepts(port: port) { return }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        stop()
        let log = [errorLog, errorLog + ".stderr"].compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }.joined()
        throw Failure(description: "\(kind.rawValue) did not start on 127.0.0.1:\(port): \(log)")
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// A loopback port nobody listens on (the kernel's choice for port 0).
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "bind: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private static func apacheConfig(site: String, htpasswd: String, scratch: String, port: Int, errorLog: String) -> String {
        let modules = "/usr/lib/apache2/modules"
        let loads = ["mpm_prefork", "authn_core", "authn_file", "authz_core", "authz_user", "auth_basic", "dir"]
            .map { "LoadModule \($0)_module \(modules)/mod_\($0).so" }
        return (loads + [
            "ServerRoot \(scratch)",
            "DefaultRuntimeDir \(scratch)",
            "ServerName 127.0.0.1",
            "Listen 127.0.0.1:\(port)",
            "PidFile \(scratch)/httpd.pid",
            "ErrorLog \(errorLog)",
            getuid() == 0 ? "User www-data\nGroup www-data" : "",
            "DocumentRoot \(site)",
            "DirectoryIndex index.html",
            "<Directory />",
            "    AllowOverride None",
            "    Require all denied",
            "</Directory>",
            // Basic auth in place of the SSO; the site's .htaccess files authorise.
            "<Directory \(site)>",
            "    AllowOverride AuthConfig",
            "    AuthType Basic",
            "    AuthName billing",
            "    AuthBasicProvider file",
            "    AuthUserFile \(htpasswd)",
            "    Require all denied",
            "</Directory>",
        ]).joined(separator: "\n") + "\n"
    }

    private static func nginxConfig(site: String, htpasswd: String, scratch: String, port: Int, errorLog: String) -> String {
        """
        daemon off;
        master_process off;
        pid \(scratch)/nginx.pid;
        error_log \(errorLog);
        events {}
        http {
            access_log off;
            client_body_temp_path \(scratch)/client_body;
            proxy_temp_path \(scratch)/proxy;
            fastcgi_temp_path \(scratch)/fastcgi;
            uwsgi_temp_path \(scratch)/uwsgi;
            scgi_temp_path \(scratch)/scgi;
            include \(site)/\(NginxRules.httpFile);
            server {
                listen 127.0.0.1:\(port);
                root \(site);
                auth_basic billing;
                auth_basic_user_file \(htpasswd);
                include \(site)/\(NginxRules.serverFile);
            }
        }

        """
    }

    /// `tool`'s output; an error when it fails.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let result = try StatementPDFSiteTests.run(tool, arguments)
        guard result.status == 0 else {
            throw Failure(description: "\(tool) \(arguments.joined(separator: " ")) exited with \(result.status): \(result.output)")
        }
        return result.output
    }
}
