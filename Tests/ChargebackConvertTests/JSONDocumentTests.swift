import ChargebackCore
import Testing
@testable import ChargebackConvert

@Suite struct JSONDocumentTests {
    @Test func keepsNumberTextLinesAndPaths() throws {
        let doc = try JSONDocument.parse("""
            {
              "rates": { "suRate": 0.01 },
              "list": [ 1, "two",
                { "three": 3e2 } ],
              "flag": true, "none": null,
              "text": "a\\"b\\u00e9\\ud83d\\ude00\\/"
            }
            """, file: "t.json")
        let o = try doc.object()
        let rate = try o.require("rates", "").object().require("suRate", "")
        #expect(rate.value == .number("0.01"))
        #expect(rate.origin == SettingsOrigin(file: "t.json", line: 2, path: "rates.suRate"))
        let list = try o.require("list", "").array()
        #expect(list[2].origin.line == 4)
        #expect(try list[2].object().require("three", "").origin.path == "list[2].three")
        #expect(try list[2].object().require("three", "").exact() == Exact(300))
        #expect(try o.require("flag", "").bool())
        #expect(o.value("none") == nil)
        #expect(try o.require("text", "").string() == "a\"bé😀/")
    }

    @Test func badJSONNamesFileAndLine() {
        let cases: [(String, Int, String)] = [
            ("{\n \"a\": 1,\n}", 3, "a string key"),
            ("{\"a\": 1, \"a\": 2}", 1, "duplicate key"),
            ("[1, 2", 1, "\",\" or \"]\""),
            ("{\"a\": 01}", 1, "a value"),
            ("{\"a\": tru}", 1, "true"),
            ("{\"a\": \"x\ny\"}", 1, "no raw control character"),
            ("\n\n{\"a\": 1} x", 3, "the end of the document"),
        ]
        for (text, line, expected) in cases {
            do {
                _ = try JSONDocument.parse(text, file: "bad.json")
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.file == "bad.json")
                #expect(error.line == line, "\(text): \(error)")
                #expect(error.description.contains(expected), "\(text): \(error)")
            }
        }
    }

    @Test func byteOrderMarkAndMissingFile() throws {
        let doc = try JSONDocument.parse([0xEF, 0xBB, 0xBF] + Array("{\"a\": 1}".utf8), file: "bom.json")
        #expect(try doc.object().require("a", "").exact() == Exact(1))
        #expect(throws: InputError.self) { try JSONDocument.read(file: "/nonexistent/rates.json") }
    }

    @Test func typedReadsNameThePath() throws {
        let doc = try JSONDocument.parse("{\"partitions\": {\"gpu\": {\"suMultiplier\": \"twenty\", \"subsidyPercent\": 120}}}", file: "tiers.json")
        let gpu = try doc.object().require("partitions", "").object().require("gpu", "").object()
        do {
            _ = try gpu.require("suMultiplier", "").exact()
            Issue.record("a string read as a number")
        } catch {
            #expect(error.description == #"tiers.json:1: partitions.gpu.suMultiplier: expected a number, got "twenty""#)
        }
        #expect(throws: InputError.self) { try gpu.require("subsidyPercent", "").percent() }
        do {
            _ = try gpu.require("description", "a description")
        } catch {
            #expect(error.column == "partitions.gpu.description")
            #expect(error.message.contains("missing"))
        }
    }
}
