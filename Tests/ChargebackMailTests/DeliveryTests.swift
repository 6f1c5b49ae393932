import CCurl
import Foundation
import Testing
@testable import ChargebackMail

/// Retries, failure classes, `.eml` files.
@Suite struct DeliveryTests {
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Double] = []
        func add(_ v: Double) { lock.withLock { values.append(v) } }
        var all: [Double] { lock.withLock { values } }
    }

    @Test func transientFailuresAreRetriedWithDoublingDelaysAndPermanentOnesAreNot() {
        let slept = Recorder()
        let policy = RetryPolicy(retries: 3, initialDelay: 2, sleep: { slept.add($0) })
        var outcomes: [Result<Void, DeliveryFailure>] = [
            .failure(DeliveryFailure(code: 451, message: "try later", isTransient: true)),
            .failure(DeliveryFailure(code: 0, message: "timeout", isTransient: true)),
            .success(()),
        ]
        let (result, attempts) = policy.run { outcomes.removeFirst() }
        #expect(attempts == 3 && slept.all == [2, 4])
        #expect((try? result.get()) != nil)

        let (permanent, once) = policy.run { .failure(DeliveryFailure(code: 550, message: "no such user", isTransient: false)) }
        #expect(once == 1 && slept.all == [2, 4])
        #expect(throws: DeliveryFailure.self) { try permanent.get() }

        let (spent, all) = policy.run { .failure(DeliveryFailure(code: 421, message: "busy", isTransient: true)) }
        #expect(all == 4 && slept.all == [2, 4, 2, 4, 8])
        #expect(throws: DeliveryFailure.self) { try spent.get() }
        #expect(RetryPolicy(retries: 10, initialDelay: 5, maxDelay: 60, sleep: { _ in }).delays.last == 60)
    }

    @Test func repliesAndCurlErrorsAreClassified() {
        #expect(SMTPTransport.failure(code: CURLE_SEND_ERROR, reply: 550, detail: "RCPT failed: 550").isTransient == false)
        #expect(SMTPTransport.failure(code: CURLE_SEND_ERROR, reply: 451, detail: "RCPT failed: 451").isTransient == true)
        #expect(SMTPTransport.failure(code: CURLE_OPERATION_TIMEDOUT, reply: 0, detail: "").isTransient == true)
        #expect(SMTPTransport.failure(code: CURLE_LOGIN_DENIED, reply: 0, detail: "").isTransient == false)
        #expect(SMTPTransport.failure(code: CURLE_SEND_ERROR, reply: 550, detail: "x").message == "SMTP 550: x")
    }

    @Test func aServerThatIsNotThereIsATransientFailureNamingTheProblem() {
        // Port 9 (discard) on loopback: nothing listens there in the test machines.
        let transport = SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: 9, useTLS: false, connectTimeoutSeconds: 5, timeoutSeconds: 5))
        let result = transport.send(Array("Subject: x\r\n\r\nx\r\n".utf8), sender: "a@example.edu", recipients: ["b@example.edu"])
        guard case .failure(let failure) = result else { Issue.record("sent to nowhere"); return }
        #expect(failure.isTransient && failure.code == 0 && !failure.message.isEmpty)
    }

    @Test func settingsPickTheURLAndTLSMode() {
        #expect(SMTPSettings(host: "smtp.example.edu", port: 587).summary == "smtp://smtp.example.edu:587 (STARTTLS)")
        #expect(SMTPSettings(host: "smtp.example.edu", port: 465).summary == "smtps://smtp.example.edu:465 (TLS)")
        #expect(SMTPSettings(host: "localhost", port: 25, useTLS: false).summary == "smtp://localhost:25 (no TLS)")
        #expect(SMTPSettings(host: "::1", port: 25, useTLS: false).url == "smtp://[::1]:25")
    }

    @Test func emlFilesAreNeverOverwritten() throws {
        let folder = NSTemporaryDirectory() + "ocb-eml-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outbox = EMLDirectory(folder: folder + "/outbox")
        let first = try outbox.write(Array("one".utf8), name: "2026-10_ada")
        let second = try outbox.write(Array("two".utf8), name: "2026-10_ada")
        #expect(first.hasSuffix("/2026-10_ada.eml") && second.hasSuffix("/2026-10_ada-2.eml"))
        #expect(try String(contentsOfFile: first, encoding: .utf8) == "one")
        #expect(try String(contentsOfFile: second, encoding: .utf8) == "two")
    }
}
