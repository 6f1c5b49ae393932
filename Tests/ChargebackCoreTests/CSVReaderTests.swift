import Foundation
import Testing

@testable import ChargebackCore

/// Writes `bytes` to a fresh file in a temporary directory and returns its path.
func writeTempFile(_ bytes: [UInt8], name: String = "input.csv") throws -> String {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("csvreader-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

func writeTempFile(_ text: String, name: String = "input.csv") throws -> String {
    try writeTempFile(Array(text.utf8), name: name)
}

struct ReadRecord: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var raw: String
    var description: String { "\(line): \(fields) raw=\(raw.debugDescription)" }
}

/// All records of a file, read with the given chunk size.
func readAll(_ path: String, chunkSize: Int = 1 << 20) throws -> [ReadRecord] {
    let reader = try CSVReader(path: path, displayName: "test.csv", chunkSize: chunkSize)
    var records: [ReadRecord] = []
    while try reader.next() {
        records.append(ReadRecord(line: reader.line, fields: reader.strings, raw: reader.rawRecord))
    }
    return records
}

/// Reads the file, collecting errors and carrying on after them.
func readWithErrors(_ path: String, chunkSize: Int = 1 << 20) -> (records: [ReadRecord], errors: [InputError]) {
    var records: [ReadRecord] = []
    var errors: [InputError] = []
    guard let reader = try? CSVReader(path: path, displayName: "test.csv", chunkSize: chunkSize) else { return ([], []) }
    while true {
        do throws(InputError) {
            guard try reader.next() else { break }
            records.append(ReadRecord(line: reader.line, fields: reader.strings, raw: reader.rawRecord))
        } catch {
            errors.append(error)
        }
    }
    return (records, errors)
}

let tinyChunkSizes = [1, 2, 3, 4, 5, 7, 13, 64]

@Suite("CSVReader")
struct CSVReaderTests {
    @Test func simpleRecordsWithLF() throws {
        let path = try writeTempFile("a,b,c\n1,2,3\n")
        let records = try readAll(path)
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "2", "3"]])
        #expect(records.map(\.line) == [1, 2])
    }

    @Test func quotedFieldsWithCommasAndQuotes() throws {
        let path = try writeTempFile("name,note\n\"Smith, Jane\",\"she said \"\"hi\"\"\"\n\"\",\"\"\"\"\n")
        let records = try readAll(path)
        #expect(records.map(\.fields) == [["name", "note"], ["Smith, Jane", "she said \"hi\""], ["", "\""]])
    }

    @Test func embeddedNewlinesKeepLineNumbersRight() throws {
        let text = "h1,h2\r\n\"line one\r\nline two\",x\r\n\"a\nb\nc\",y\r\nlast,z\r\n"
        let path = try writeTempFile(text)
        for chunk in [1 << 20] + tinyChunkSizes {
            let records = try readAll(path, chunkSize: chunk)
            #expect(records.map(\.fields) == [["h1", "h2"], ["line one\r\nline two", "x"], ["a\nb\nc", "y"], ["last", "z"]], "chunk \(chunk)")
            #expect(records.map(\.line) == [1, 2, 4, 7], "chunk \(chunk)")
        }
    }

    @Test func loneCRInsideQuotesCountsAsALineBreak() throws {
        let path = try writeTempFile("a\n\"x\ry\",1\nnext,2\n")
        let records = try readAll(path)
        #expect(records.map(\.fields) == [["a"], ["x\ry", "1"], ["next", "2"]])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test func crlfAndLoneCRRecordEnds() throws {
        let path = try writeTempFile("a,b\r\nc,d\re,f\ng,h")
        let records = try readAll(path)
        #expect(records.map(\.fields) == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
        #expect(records.map(\.line) == [1, 2, 3, 4])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let path = try writeTempFile([0xEF, 0xBB, 0xBF] + Array("BillingPeriodStart,Tags\n2024-09-01,{}\n".utf8))
        for chunk in [1 << 20, 1, 2, 3] {
            let records = try readAll(path, chunkSize: chunk)
            #expect(records.first?.fields == ["BillingPeriodStart", "Tags"], "chunk \(chunk)")
            #expect(records.first?.fields.first?.utf8.count == 18)
            #expect(records.count == 2)
        }
    }

    @Test func bomOnlyAndEmptyFilesHaveNoRecords() throws {
        #expect(try readAll(try writeTempFile([0xEF, 0xBB, 0xBF])).isEmpty)
        #expect(try readAll(try writeTempFile([UInt8]())).isEmpty)
        #expect(try readAll(try writeTempFile("\n\r\n\n")).isEmpty)
    }

    @Test func bomIsOnlySkippedAtFileStart() throws {
        let path = try writeTempFile(Array("a\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("b\n".utf8))
        let records = try readAll(path)
        #expect(records.count == 2)
        #expect(records[1].fields == ["\u{FEFF}b"])
    }

    @Test func finalRecordWithoutNewline() throws {
        let path = try writeTempFile("a,b\n1,\"two\"")
        for chunk in [1 << 20] + tinyChunkSizes {
            let records = try readAll(path, chunkSize: chunk)
            #expect(records.map(\.fields) == [["a", "b"], ["1", "two"]], "chunk \(chunk)")
        }
    }

    @Test func emptyFields() throws {
        let path = try writeTempFile(",,\n\"\",x,\na,\"\",\n")
        let records = try readAll(path)
        #expect(records.map(\.fields) == [["", "", ""], ["", "x", ""], ["a", "", ""]])
    }

    @Test func trailingCommaAtEOFGivesAnEmptyLastField() throws {
        let path = try writeTempFile("a,b,")
        for chunk in [1 << 20, 1, 2] {
            #expect(try readAll(path, chunkSize: chunk).map(\.fields) == [["a", "b", ""]])
        }
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let path = try writeTempFile("h\n\nr1\r\n\r\n\r\nr2\n\n\n")
        for chunk in [1 << 20] + tinyChunkSizes {
            let records = try readAll(path, chunkSize: chunk)
            #expect(records.map(\.fields) == [["h"], ["r1"], ["r2"]], "chunk \(chunk)")
            #expect(records.map(\.line) == [1, 3, 6], "chunk \(chunk)")
        }
    }

    @Test func bareQuoteInUnquotedFieldIsLiteral() throws {
        let path = try writeTempFile("ab\"c,5\" screen,x\n")
        let records = try readAll(path)
        #expect(records.map(\.fields) == [["ab\"c", "5\" screen", "x"]])
    }

    @Test func unterminatedQuoteNamesTheLineWhereTheFieldStarted() throws {
        let path = try writeTempFile("h1,h2\nok,1\nbad,\"starts here\nand goes on\nto the end\n")
        for chunk in [1 << 20, 1, 3] {
            let (records, errors) = readWithErrors(path, chunkSize: chunk)
            #expect(records.map(\.fields) == [["h1", "h2"], ["ok", "1"]])
            #expect(errors.count == 1)
            #expect(errors.first?.line == 3)
            #expect(errors.first?.file == "test.csv")
            #expect(errors.first?.message.contains("closing quote") == true)
        }
    }

    @Test func junkAfterClosingQuoteIsAnErrorAndReadingResumes() throws {
        let path = try writeTempFile("h1,h2\n\"multi\nline\",1\n\"abc\"x,2\nfine,3\n")
        for chunk in [1 << 20, 1, 2, 5] {
            let (records, errors) = readWithErrors(path, chunkSize: chunk)
            #expect(errors.count == 1, "chunk \(chunk)")
            #expect(errors.first?.line == 4, "chunk \(chunk)")
            #expect(errors.first?.message.contains("expected a comma or the end of the line") == true)
            #expect(errors.first?.message.contains("\"x\"") == true)
            #expect(errors.first?.description.hasPrefix("test.csv:4: ") == true)
            #expect(records.map(\.fields) == [["h1", "h2"], ["multi\nline", "1"], ["fine", "3"]], "chunk \(chunk)")
            #expect(records.map(\.line) == [1, 2, 5], "chunk \(chunk)")
        }
    }

    @Test func chunkBoundariesInsideMultiByteCharacters() throws {
        let text = "name,city\nZoë,\"Ωμέγα, 王\"\r\n\"emoji 🧪\",\"a\"\"b\"\n"
        let path = try writeTempFile(text)
        let expected = try readAll(path)
        #expect(expected.map(\.fields) == [["name", "city"], ["Zoë", "Ωμέγα, 王"], ["emoji 🧪", "a\"b"]])
        for chunk in tinyChunkSizes {
            #expect(try readAll(path, chunkSize: chunk) == expected, "chunk \(chunk)")
        }
    }

    @Test func recordLargerThanTheChunkGrowsTheBuffer() throws {
        let long = String(repeating: "x,\"y\"\n", count: 2000)
        let text = "a,\"" + long.replacingOccurrences(of: "\"", with: "\"\"") + "\",b\nnext,1\n"
        let path = try writeTempFile(text)
        for chunk in [7, 64, 1 << 20] {
            let records = try readAll(path, chunkSize: chunk)
            #expect(records.count == 2)
            #expect(records.first?.fields == ["a", long, "b"])
            #expect(records.last?.line == 2002)
        }
    }

    @Test func memoryDoesNotGrowWithFileSize() throws {
        let row = "2024-09-01,\"a, \"\"quoted\"\" value\",12.5,\"{\"\"k\"\":\"\"v\"\"}\"\r\n"
        let path = try writeTempFile(String(repeating: row, count: 20_000))
        let reader = try CSVReader(path: path, chunkSize: 256)
        var count = 0
        while try reader.next() { count += 1 }
        #expect(count == 20_000)
        #expect(reader.capacity == 256)
        #expect(reader.bytesRead == Int64(row.utf8.count * 20_000))
    }

    @Test func rawRecordIsVerbatimWithoutTheLineEnd() throws {
        let path = try writeTempFile("a,\"b \"\"q\"\"\",\"multi\r\nline\"\r\nlast,\"x\"")
        let records = try readAll(path, chunkSize: 3)
        #expect(records.map(\.raw) == ["a,\"b \"\"q\"\"\",\"multi\r\nline\"", "last,\"x\""])
    }

    @Test func withFieldGivesUnescapedBytesAndNestsSafely() throws {
        let path = try writeTempFile("\"a\"\"b\",\"c\"\"d\",plain\n")
        let reader = try CSVReader(path: path)
        #expect(try reader.next())
        #expect(reader.fieldCount == 3)
        let pair = reader.withField(0) { outer in
            reader.withField(1) { inner in
                (Array(outer), Array(inner))
            }
        }
        #expect(pair.0 == Array("a\"b".utf8))
        #expect(pair.1 == Array("c\"d".utf8))
        #expect(reader.withField(2) { $0.count } == 5)
        #expect(reader.string(0) == "a\"b")  // cached unescaping gives the same answer
        #expect(try reader.next() == false)
        #expect(try reader.next() == false)
    }

    @Test func invalidUTF8IsRepairedNotAnError() throws {
        let path = try writeTempFile(Array("ok,".utf8) + [0x41, 0xFF, 0x42] + Array(",\"é\"\n".utf8))
        let reader = try CSVReader(path: path)
        #expect(try reader.next())
        #expect(reader.isValidUTF8(0))
        #expect(!reader.isValidUTF8(1))
        #expect(reader.isValidUTF8(2))
        #expect(reader.string(1) == "A\u{FFFD}B")
        #expect(reader.withField(1) { Array($0) } == [0x41, 0xFF, 0x42])
    }

    @Test func utf8Validator() {
        func valid(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { UTF8Check.isValid($0) } }
        #expect(valid(Array("Zoë Ωμέγα 王 🧪".utf8)))
        #expect(!valid([0xC3]))  // truncated
        #expect(!valid([0xC0, 0x80]))  // overlong
        #expect(!valid([0xED, 0xA0, 0x80]))  // surrogate
        #expect(!valid([0xF4, 0x90, 0x80, 0x80]))  // > U+10FFFF
        #expect(!valid([0x80]))
    }

    @Test func cannotOpenIsALineZeroError() {
        do throws(InputError) {
            _ = try CSVReader(path: "/nonexistent/dir/file.csv", displayName: "missing.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 0)
            #expect(error.file == "missing.csv")
            #expect(error.message.contains("cannot open"))
        }
    }

    @Test func progressCounters() throws {
        let text = "a,b\n1,2\n3,4\n"
        let path = try writeTempFile(text)
        let reader = try CSVReader(path: path, chunkSize: 4)
        #expect(reader.fileSize == Int64(text.utf8.count))
        #expect(reader.bytesRead <= 4)
        while try reader.next() {}
        #expect(reader.bytesRead == Int64(text.utf8.count))
    }

    /// Random CSV built by a reference encoder must read back exactly, with
    /// the right line numbers, whatever the chunk size.
    @Test func randomRoundTripAcrossChunkSizes() throws {
        var rng = SplitMix64(seed: 0x5eed)
        let alphabet: [String] = ["a", "b", "Z", "1", ",", "\"", "\n", "\r\n", "\r", " ", "é", "王", "🧪", "x\"y"]
        var expected: [[String]] = []
        var expectedLines: [Int] = []
        var text = ""
        var line = 1
        for _ in 0..<300 {
            let fieldCount = Int(rng.next() % 5) + 2
            var fields: [String] = []
            var encoded: [String] = []
            for _ in 0..<fieldCount {
                var field = ""
                for _ in 0..<Int(rng.next() % 6) { field += alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                fields.append(field)
                let needsQuotes = field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                if needsQuotes || rng.next() % 4 == 0 {
                    encoded.append("\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
                } else {
                    encoded.append(field)
                }
            }
            expected.append(fields)
            expectedLines.append(line)
            let record = encoded.joined(separator: ",")
            text += record
            // Physical lines inside the record: CRLF, lone CR and lone LF each count once.
            line += record.unicodeScalars.reduce(into: (count: 0, lastCR: false)) { acc, s in
                if s == "\r" { acc.count += 1; acc.lastCR = true } else { if s == "\n" && !acc.lastCR { acc.count += 1 }; acc.lastCR = false }
            }.count
            text += rng.next() % 2 == 0 ? "\n" : "\r\n"
            line += 1
            if rng.next() % 10 == 0 { text += "\n"; line += 1 }  // a blank line now and then
        }
        let path = try writeTempFile(text)
        let big = try readAll(path)
        #expect(big.map(\.fields) == expected)
        #expect(big.map(\.line) == expectedLines)
        for chunk in [1, 2, 3, 7, 4096] {
            #expect(try readAll(path, chunkSize: chunk) == big, "chunk \(chunk)")
        }
    }
}

/// A small deterministic generator for reproducible random tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
