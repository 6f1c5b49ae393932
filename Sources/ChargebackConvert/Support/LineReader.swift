import ChargebackCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads text lines from a file descriptor (a file or a pipe from sacct) in
/// 1 MiB chunks: memory is one chunk plus one line, whatever the size of the
/// input. Lines end at LF; a CR before it is dropped.
public final class LineReader {
    public let displayName: String
    /// 1-based number of the line last returned.
    public private(set) var line = 0
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private var position = 0
    private var eof = false
    private let chunkSize = 1 << 20
    private let chunk: UnsafeMutablePointer<UInt8>

    /// Opens `path` read-only.
    public convenience init(path: String, displayName: String? = nil) throws(InputError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw InputError(file: displayName ?? path, line: 0, column: "", message: "cannot open the file: \(String(cString: strerror(errno)))")
        }
        self.init(descriptor: fd, displayName: displayName ?? path, ownsDescriptor: true)
    }

    public init(descriptor: Int32, displayName: String, ownsDescriptor: Bool) {
        self.fd = descriptor
        self.displayName = displayName
        self.ownsDescriptor = ownsDescriptor
        chunk = .allocate(capacity: chunkSize)
    }

    deinit {
        if ownsDescriptor { close(fd) }
        chunk.deallocate()
    }

    /// The next line without its line end, or nil at the end of the input.
    public func next() throws(InputError) -> ArraySlice<UInt8>? {
        while true {
            if let lf = newline(from: position) {
                var end = lf
                if end > position, buffer[end - 1] == 0x0D { end -= 1 }
                let text = buffer[position..<end]
                position = lf + 1
                line += 1
                return text
            }
            if eof {
                guard position < buffer.count else { return nil }
                var end = buffer.count
                if buffer[end - 1] == 0x0D { end -= 1 }
                let text = buffer[position..<end]
                position = buffer.count
                line += 1
                return text
            }
            try refill()
        }
    }

    /// The index of the next LF at or after `from` (memchr: the generic search was slower).
    private func newline(from: Int) -> Int? {
        guard from < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { b in
            memchr(b.baseAddress! + from, 0x0A, b.count - from).map { b.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
        }
    }

    private func refill() throws(InputError) {
        if position > 0 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        var n: Int
        repeat {
            n = read(fd, chunk, chunkSize)
        } while n < 0 && errno == EINTR
        if n < 0 {
            throw InputError(file: displayName, line: line + 1, column: "", message: "cannot read: \(String(cString: strerror(errno)))")
        }
        if n == 0 { eof = true }
        buffer.append(contentsOf: UnsafeBufferPointer(start: chunk, count: n))
    }
}
