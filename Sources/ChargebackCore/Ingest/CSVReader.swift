import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming RFC 4180 CSV reader working on raw bytes.
///
/// The file is read in fixed-size chunks with POSIX `read()`; the reader
/// keeps one chunk plus the current record in memory, so memory does not grow
/// with the file size. Fields are exposed as byte ranges into that buffer:
/// nothing is allocated per field unless a caller asks for a `String`.
///
/// Accepted input:
/// - fields separated by `,`, records ended by LF, CRLF or a lone CR;
/// - quoted fields with `""` for a quote and embedded CR, LF or CRLF;
/// - a UTF-8 byte-order mark at the start of the file (skipped);
/// - a final record without a line end; blank lines (skipped, but counted
///   for line numbers);
/// - a bare quote inside an unquoted field (`ab"c`), taken literally.
///
/// Errors are `InputError`s naming the file and the physical line: an
/// unterminated quoted field (the line where the field started), and
/// anything other than a comma or a line end right after a closing quote.
/// After an error, `next()` resumes on the line after the offending one, so
/// a caller can list the error and carry on; after an unterminated quote it
/// returns `false` (the quote swallowed the rest of the file).
///
/// Invalid UTF-8 is not the reader's concern: `withField` hands out the bytes,
/// `string(_:)` repairs invalid sequences with U+FFFD, and `isValidUTF8(_:)`
/// lets a caller decide.
///
/// Not thread-safe; one reader per file.
public final class CSVReader {
    /// The name used in errors (the path unless a display name was given).
    public let displayName: String
    /// The size of the file when it was opened, if `fstat` could tell.
    public let fileSize: Int64?
    /// Bytes read from the file so far (for a progress bar).
    public private(set) var bytesRead: Int64 = 0
    /// SHA-256 of every byte read, so ingest identifies the file without a
    /// second pass over it.
    private var digest = SHA256()

    /// The SHA-256 (hex) of the bytes read so far: of the whole file once
    /// `next()` has returned false.
    public var sha256Hex: String { FileDigest.hex(digest.finalize()) }
    /// The number of fields of the current record.
    public private(set) var fieldCount: Int = 0
    /// The 1-based physical line where the current record starts (the header
    /// is line 1); 0 before the first record.
    public private(set) var line: Int = 0

    private struct Span {
        var start: Int  // relative to the record start
        var end: Int
        var escaped: Bool  // quoted field containing "" pairs
        var unescaped: Int = -1  // offset into `scratch` once unescaped, or -1
        var unescapedCount: Int = 0
    }

    private enum State: UInt8 {
        case recordStart, fieldStart, unquoted, quoted, quoteInQuoted, skipLine, done
    }

    private let fd: Int32
    private let chunkSize: Int
    private var buffer: UnsafeMutablePointer<UInt8>
    /// The buffer size: one chunk, grown only for a record longer than that.
    private(set) var capacity: Int
    private var recordStart = 0  // absolute offset of the current record in `buffer`
    private var recordEnd = 0  // absolute offset just past its last field (line end excluded)
    private var position = 0  // next byte to scan
    private var end = 0  // end of valid data in `buffer`
    private var eof = false

    // Parse state, persisted only across refills.
    private var state = State.recordStart
    private var physicalLine = 1  // line of the byte at `position`
    private var pendingLF = false  // the last line end was a CR: a following LF belongs to it
    private var fieldStartOffset = 0  // relative to record start
    private var fieldEscaped = false
    private var quoteLine = 0  // line where the current quoted field started

    private var spans: UnsafeMutablePointer<Span>
    private var spansCapacity = 64
    private var scratch: UnsafeMutablePointer<UInt8>? = nil
    private var scratchCapacity = 0
    private var scratchUsed = 0

    /// Opens `path` for reading. A file that cannot be opened is an
    /// `InputError` with line 0.
    public init(path: String, displayName: String? = nil, chunkSize: Int = 1 << 20) throws(InputError) {
        precondition(chunkSize > 0, "chunkSize must be positive")
        self.displayName = displayName ?? path
        self.chunkSize = chunkSize
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let reason = String(cString: strerror(errno))
            throw InputError(file: displayName ?? path, line: 0, column: "", message: "cannot open the file: \(reason)")
        }
        self.fd = fd
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
            fileSize = Int64(info.st_size)
        } else {
            fileSize = nil
        }
        capacity = max(chunkSize, 4)
        buffer = .allocate(capacity: capacity)
        spans = .allocate(capacity: spansCapacity)
        // Skip a UTF-8 byte-order mark, however small the chunks are.
        do throws(InputError) {
            while end < 3, try refill() {}
        } catch {
            close(fd)
            buffer.deallocate()
            spans.deallocate()
            throw error
        }
        if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
            position = 3
            recordStart = 3
        }
    }

    deinit {
        close(fd)
        buffer.deallocate()
        spans.deallocate()
        scratch?.deallocate()
    }

    // MARK: - Reading records

    /// Advances to the next record. Returns `false` at the end of the file.
    public func next() throws(InputError) -> Bool {
        fieldCount = 0
        scratchUsed = 0
        if state == .done { return false }
        if state != .skipLine { state = .recordStart }
        recordStart = position

        // Locals for the hot loop; written back only around refills.
        var p = buffer
        var i = position
        var n = end
        var rs = recordStart
        var lineNo = physicalLine
        var fc = 0
        var fieldStart = fieldStartOffset
        var escaped = fieldEscaped
        var st = state

        @inline(__always) func save() {
            position = i
            physicalLine = lineNo
            fieldCount = fc
            fieldStartOffset = fieldStart
            fieldEscaped = escaped
            state = st
            recordStart = rs
        }
        @inline(__always) func load() {
            p = buffer
            i = position
            n = end
            rs = recordStart
        }
        @inline(__always) func push(_ start: Int, _ stop: Int, _ esc: Bool) {
            if fc == spansCapacity { fieldCount = fc; growSpans() }
            spans[fc] = Span(start: start, end: stop, escaped: esc)
            fc += 1
        }

        while true {
            switch st {
            case .recordStart:
                // Skip blank lines (and the LF of a CRLF split by the previous record).
                while i < n {
                    let c = p[i]
                    if c == 10 {
                        if !pendingLF { lineNo += 1 }
                        pendingLF = false
                    } else if c == 13 {
                        lineNo += 1
                        pendingLF = true
                    } else {
                        break
                    }
                    i += 1
                }
                rs = i
                if i == n {
                    save()
                    if try refill() { load(); continue }
                    state = .done
                    fieldCount = 0
                    return false
                }
                pendingLF = false
                line = lineNo
                st = .fieldStart

            case .fieldStart:
                if i == n {
                    save()
                    if try refill() { load(); continue }
                    // "a,b," at EOF: a trailing empty field.
                    push(i - rs, i - rs, false)
                    return finish(at: i, eofLine: lineNo, fc)
                }
                if p[i] == 34 {
                    i += 1
                    fieldStart = i - rs
                    escaped = false
                    quoteLine = lineNo
                    st = .quoted
                } else {
                    fieldStart = i - rs
                    st = .unquoted
                }

            case .unquoted:
                while i < n {
                    let c = p[i]
                    if c > 44 || (c != 44 && c != 10 && c != 13) {
                        i += 1
                        continue
                    }
                    push(fieldStart, i - rs, false)
                    i += 1
                    if c == 44 {
                        fieldStart = i - rs
                        if i < n && p[i] != 34 { continue }  // next field is unquoted: stay here
                        st = .fieldStart
                        break
                    }
                    // Line end.
                    lineNo += 1
                    pendingLF = c == 13
                    recordEnd = i - 1
                    physicalLine = lineNo
                    position = i
                    fieldCount = fc
                    recordStart = rs
                    state = .recordStart
                    return true
                }
                if st == .unquoted {
                    save()
                    if try refill() { load(); continue }
                    push(fieldStart, i - rs, false)
                    return finish(at: i, eofLine: lineNo, fc)
                }

            case .quoted:
                while i < n {
                    let c = p[i]
                    if c > 34 { i += 1; continue }
                    if c == 34 { break }
                    if c == 10 {
                        if p[i - 1] != 13 { lineNo += 1 }
                    } else if c == 13 {
                        lineNo += 1
                    }
                    i += 1
                }
                if i == n {
                    save()
                    if try refill() { load(); continue }
                    position = i
                    state = .done
                    throw InputError(
                        file: displayName, line: quoteLine, column: "",
                        message: "unterminated quoted field: expected a closing quote (\") before the end of the file")
                }
                i += 1
                st = .quoteInQuoted

            case .quoteInQuoted:
                if i == n {
                    save()
                    if try refill() { load(); continue }
                    push(fieldStart, i - 1 - rs, escaped)
                    return finish(at: i, eofLine: lineNo, fc)
                }
                let c = p[i]
                if c == 34 {
                    escaped = true
                    i += 1
                    st = .quoted
                } else if c == 44 {
                    push(fieldStart, i - 1 - rs, escaped)
                    i += 1
                    st = .fieldStart
                } else if c == 10 || c == 13 {
                    push(fieldStart, i - 1 - rs, escaped)
                    recordEnd = i
                    i += 1
                    lineNo += 1
                    pendingLF = c == 13
                    physicalLine = lineNo
                    position = i
                    fieldCount = fc
                    recordStart = rs
                    state = .recordStart
                    return true
                } else {
                    // Resume after this physical line on the next call.
                    st = .skipLine
                    save()
                    fieldCount = 0
                    throw InputError(
                        file: displayName, line: lineNo, column: "",
                        message: "expected a comma or the end of the line after the closing quote of field \(fc + 1), found \(CSVReader.describe(byte: c))")
                }

            case .skipLine:
                while i < n {
                    let c = p[i]
                    if c == 10 || c == 13 {
                        i += 1
                        lineNo += 1
                        pendingLF = c == 13
                        st = .recordStart
                        break
                    }
                    i += 1
                }
                if st == .skipLine {
                    rs = i
                    save()
                    if try refill() { load(); continue }
                    state = .done
                    return false
                }

            case .done:
                return false
            }
        }
    }

    /// Ends the record that runs up to the end of the file at `at`.
    private func finish(at i: Int, eofLine: Int, _ fc: Int) -> Bool {
        fieldCount = fc
        recordEnd = i
        position = i
        physicalLine = eofLine
        state = .done
        return true
    }

    /// Makes room and reads one more chunk. Keeps the current record
    /// (from `recordStart`) and moves it to the front of the buffer.
    private func refill() throws(InputError) -> Bool {
        if eof { return false }
        if recordStart > 0 {
            let keep = end - recordStart
            if keep > 0 { (buffer).update(from: buffer + recordStart, count: keep) }
            position -= recordStart
            recordEnd -= recordStart
            end = keep
            recordStart = 0
        }
        if end == capacity {
            let newCapacity = capacity * 2
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            bigger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = bigger
            capacity = newCapacity
        }
        let want = min(chunkSize, capacity - end)
        while true {
            let got = read(fd, buffer + end, want)
            if got > 0 {
                digest.update(bufferPointer: UnsafeRawBufferPointer(start: buffer + end, count: got))
                end += got
                bytesRead += Int64(got)
                return true
            }
            if got == 0 {
                eof = true
                return false
            }
            if errno == EINTR { continue }
            let reason = String(cString: strerror(errno))
            eof = true
            throw InputError(file: displayName, line: physicalLine, column: "", message: "cannot read the file: \(reason)")
        }
    }

    private func growSpans() {
        let newCapacity = spansCapacity * 2
        let bigger = UnsafeMutablePointer<Span>.allocate(capacity: newCapacity)
        bigger.moveInitialize(from: spans, count: spansCapacity)
        spans.deallocate()
        spans = bigger
        spansCapacity = newCapacity
    }

    // MARK: - Fields of the current record

    /// Calls `body` with the unescaped bytes of field `index` of the current
    /// record. The pointer is valid only inside `body`.
    public func withField<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        precondition(index >= 0 && index < fieldCount, "field index \(index) out of range 0..<\(fieldCount)")
        let span = spans[index]
        if !span.escaped {
            return try body(UnsafeRawBufferPointer(start: buffer + recordStart + span.start, count: span.end - span.start))
        }
        if span.unescaped < 0 { unescape(index) }
        let s = spans[index]
        return try body(UnsafeRawBufferPointer(start: scratch! + s.unescaped, count: s.unescapedCount))
    }

    /// Collapses `""` into `"` into the scratch area. The scratch area is
    /// sized for the whole record at first use, so pointers handed out for
    /// other fields of the same record stay valid.
    private func unescape(_ index: Int) {
        let recordLength = recordEnd - recordStart
        if scratchCapacity < recordLength {
            precondition(scratchUsed == 0)
            scratch?.deallocate()
            scratchCapacity = max(recordLength, 256)
            scratch = .allocate(capacity: scratchCapacity)
        }
        let span = spans[index]
        let source = buffer + recordStart
        let target = scratch! + scratchUsed
        // Copy runs between quotes with memcpy; every quote inside is doubled.
        var j = span.start
        var k = 0
        while j < span.end {
            var run = span.end - j
            var skip = 0
            if let q = memchr(source + j, 34, run) {
                run = source.distance(to: q.assumingMemoryBound(to: UInt8.self)) - j + 1  // keep one quote
                skip = 1  // drop its twin
            }
            (target + k).update(from: source + j, count: run)
            k += run
            j += run + skip
        }
        spans[index].unescaped = scratchUsed
        spans[index].unescapedCount = k
        scratchUsed += k
    }

    /// Field `index` as a `String`, unescaped; invalid UTF-8 is repaired
    /// with U+FFFD.
    public func string(_ index: Int) -> String {
        withField(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether field `index` is valid UTF-8.
    public func isValidUTF8(_ index: Int) -> Bool {
        withField(index) { UTF8Check.isValid($0) }
    }

    /// All fields of the current record as strings (convenient for headers and tests).
    public var strings: [String] {
        (0..<fieldCount).map { string($0) }
    }

    /// The current record's original bytes, verbatim, without its line end
    /// (for a rejects file).
    public func withRawRecord<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: buffer + recordStart, count: max(0, recordEnd - recordStart)))
    }

    /// The current record's original text, verbatim, without its line end;
    /// invalid UTF-8 is repaired with U+FFFD.
    public var rawRecord: String {
        withRawRecord { String(decoding: $0, as: UTF8.self) }
    }

    static func describe(byte c: UInt8) -> String {
        if c >= 0x20 && c < 0x7F { return "\"" + String(UnicodeScalar(c)) + "\"" }
        let hex = String(c, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count < 2 ? "0" : "") + hex
    }
}

/// A hand-written UTF-8 validator (no allocation).
enum UTF8Check {
    static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            if c < 0x80 { i += 1; continue }
            var need: Int
            var min: UInt32
            var scalar: UInt32
            if c & 0xE0 == 0xC0 { need = 1; min = 0x80; scalar = UInt32(c & 0x1F) }
            else if c & 0xF0 == 0xE0 { need = 2; min = 0x800; scalar = UInt32(c & 0x0F) }
            else if c & 0xF8 == 0xF0 { need = 3; min = 0x10000; scalar = UInt32(c & 0x07) }
            else { return false }
            if i + need >= n { return false }
            for k in 1...need {
                let d = bytes[i + k]
                if d & 0xC0 != 0x80 { return false }
                scalar = scalar << 6 | UInt32(d & 0x3F)
            }
            if scalar < min || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) { return false }
            i += need + 1
        }
        return true
    }
}
