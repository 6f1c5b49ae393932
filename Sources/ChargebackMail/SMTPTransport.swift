import CCurl
import Foundation

/// Sends messages over SMTP with libcurl: STARTTLS required on port 587 (and
/// any port but 465), implicit TLS on 465, plain only when `useTLS` is false;
/// login when a username and password are set. One connection per message.
public struct SMTPTransport: MailSending {
    public let settings: SMTPSettings

    public init(settings: SMTPSettings) {
        self.settings = settings
        _ = Self.globalInit
    }

    /// `curl_global_init` once, before any thread uses libcurl.
    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    public func send(_ bytes: [UInt8], sender: String, recipients: [String]) -> Result<Void, DeliveryFailure> {
        guard let handle = curl_easy_init() else {
            return .failure(DeliveryFailure(code: 0, message: "libcurl could not start a transfer", isTransient: false))
        }
        defer { curl_easy_cleanup(handle) }
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for recipient in recipients { list = curl_slist_append(list, "<" + recipient + ">") }
        defer { curl_slist_free_all(list) }
        let body = MessageBody(bytes)
        let context = Unmanaged.passRetained(body)
        defer { context.release() }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { buffer in
            ccurl_set_string(handle, CURLOPT_URL, settings.url)
            ccurl_set_long(handle, CURLOPT_NOSIGNAL, 1)
            ccurl_set_long(handle, CURLOPT_CONNECTTIMEOUT, settings.connectTimeoutSeconds)
            ccurl_set_long(handle, CURLOPT_TIMEOUT, settings.timeoutSeconds)
            if settings.useTLS && !settings.implicitTLS {
                ccurl_set_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
            }
            if let caFile = settings.caFile { ccurl_set_string(handle, CURLOPT_CAINFO, caFile) }
            if let username = settings.username, let password = settings.password {
                ccurl_set_string(handle, CURLOPT_USERNAME, username)
                ccurl_set_string(handle, CURLOPT_PASSWORD, password)
            }
            ccurl_set_string(handle, CURLOPT_MAIL_FROM, "<" + sender + ">")
            ccurl_set_list(handle, CURLOPT_MAIL_RCPT, list)
            ccurl_set_long(handle, CURLOPT_UPLOAD, 1)
            ccurl_set_read_function(handle, readBody)
            ccurl_set_pointer(handle, CURLOPT_READDATA, context.toOpaque())
            ccurl_set_pointer(handle, CURLOPT_ERRORBUFFER, buffer.baseAddress)
            // The server's replies, to quote the one that refused (its text says why).
            ccurl_set_long(handle, CURLOPT_VERBOSE, 1)
            ccurl_set_debug_function(handle, recordReply)
            ccurl_set_pointer(handle, CURLOPT_DEBUGDATA, context.toOpaque())
            return curl_easy_perform(handle)
        }
        if code == CURLE_OK { return .success(()) }
        var reply = 0
        ccurl_get_long(handle, CURLINFO_RESPONSE_CODE, &reply)
        let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let quoted = body.lastReply.isEmpty || !body.lastReply.hasPrefix(String(reply)) ? detail : body.lastReply
        return .failure(Self.failure(code: code, reply: reply, detail: quoted))
    }

    /// 4xx: transient, 5xx: permanent; without a reply, lost or slow
    /// connections are transient and the rest (TLS, login, URL) permanent.
    static func failure(code: CURLcode, reply: Int, detail: String) -> DeliveryFailure {
        let text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        if (400..<600).contains(reply) {
            return DeliveryFailure(code: reply, message: "SMTP \(reply): \(text)", isTransient: reply < 500)
        }
        let transient: Set<UInt32> = [CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_COULDNT_RESOLVE_HOST,
                                      CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING].map(\.rawValue).reduce(into: []) { $0.insert($1) }
        return DeliveryFailure(code: 0, message: text, isTransient: transient.contains(code.rawValue))
    }
}

/// The message handed to libcurl's read callback piece by piece, and the
/// server's latest refusal seen by the debug callback (one transfer, one thread).
final class MessageBody: @unchecked Sendable {
    let bytes: [UInt8]
    var offset = 0
    var lastReply = ""
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

private func recordReply(_ handle: UnsafeMutableRawPointer?, _ type: curl_infotype, _ data: UnsafeMutablePointer<CChar>?, _ size: Int,
                         _ context: UnsafeMutableRawPointer?) -> Int32 {
    guard type == CURLINFO_HEADER_IN, let data, let context else { return 0 }
    let body = Unmanaged<MessageBody>.fromOpaque(context).takeUnretainedValue()
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    // The latest refusal (4xx, 5xx), not the 221 of the QUIT that follows it;
    // short and on one line: it goes into the log and a table.
    if line.hasPrefix("4") || line.hasPrefix("5") { body.lastReply = String(line.prefix(300)) }
    return 0
}

private func readBody(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let context else { return 0 }
    let body = Unmanaged<MessageBody>.fromOpaque(context).takeUnretainedValue()
    let n = min(size * count, body.bytes.count - body.offset)
    guard n > 0 else { return 0 }
    body.bytes.withUnsafeBufferPointer { source in
        guard let base = source.baseAddress else { return }
        UnsafeMutableRawPointer(buffer).copyMemory(from: base + body.offset, byteCount: n)
    }
    body.offset += n
    return n
}
