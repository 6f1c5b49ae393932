import Foundation
import Testing

@testable import ChargebackCore

let focusHeader = "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ListCost,ContractedCost,BilledCost,EffectiveCost,ResourceId,ResourceName,ServiceName,ChargeCategory,ChargeDescription,BillingCurrency,SkuId,SkuPriceId,Tags"

/// Opens a CSV text and reads its header.
func focusReader(_ text: String) throws -> (CSVReader, FocusColumns) {
    let reader = try CSVReader(path: try writeTempFile(text), displayName: "focus.csv")
    let columns = try FocusColumns(header: reader, file: "focus.csv")
    return (reader, columns)
}

/// Decodes every row, returning rows or the errors of each row.
func decodeAll(_ text: String) throws -> [Result<FocusRow, FocusRowErrors>] {
    let (reader, columns) = try focusReader(text)
    var results: [Result<FocusRow, FocusRowErrors>] = []
    while try reader.next() {
        do throws(FocusRowErrors) { results.append(.success(try columns.decode(reader))) } catch { results.append(.failure(error)) }
    }
    return results
}

/// The header error of a file, or nil if its header is fine.
func headerError(_ text: String) throws -> InputError? {
    let path = try writeTempFile(text)
    do throws(InputError) {
        let reader = try CSVReader(path: path, displayName: "focus.csv")
        _ = try FocusColumns(header: reader, file: "focus.csv")
        return nil
    } catch {
        return error
    }
}

func decodeOne(_ text: String) throws -> Result<FocusRow, FocusRowErrors> {
    let all = try decodeAll(text)
    try #require(all.count == 1)
    return all[0]
}

func errorsOf(_ r: Result<FocusRow, FocusRowErrors>) -> [InputError] {
    if case .failure(let e) = r { return e.errors }
    return []
}

func rowOf(_ r: Result<FocusRow, FocusRowErrors>) -> FocusRow? {
    if case .success(let row) = r { return row }
    return nil
}

/// A minimal file: BillingPeriodStart, BilledCost, Tags, plus `extra` columns.
func minimal(_ start: String, _ cost: String, _ tags: String) -> String {
    "BillingPeriodStart,BilledCost,Tags\n\(start),\(cost),\(tags)\n"
}

@Suite("FocusColumns")
struct FocusColumnsTests {
    @Test func headerMatchesCaseInsensitivelyWithSpaces() throws {
        let (_, columns) = try focusReader(" billingperiodstart ,Foo,BILLEDCOST,\ttags\t, ServiceName\n")
        #expect(columns.index(of: .billingPeriodStart) == 0)
        #expect(columns.index(of: .billedCost) == 2)
        #expect(columns.index(of: .tags) == 3)
        #expect(columns.index(of: .serviceName) == 4)
        #expect(columns.index(of: .listCost) == nil)
        #expect(columns.fieldCount == 5)
    }

    @Test func fullFocusHeader() throws {
        let (_, columns) = try focusReader(focusHeader + ",x_Custom\n")
        for (i, column) in FocusColumns.Column.allCases.enumerated() {
            #expect(columns.index(of: column) == i)
        }
        #expect(columns.fieldCount == 18)
    }

    @Test func missingRequiredColumnsAreOneErrorListingAll() throws {
        let error = try #require(try headerError("ServiceName,ListCost\nx,1\n"))
        do {
            #expect(error.line == 1)
            #expect(error.file == "focus.csv")
            #expect(error.message.contains("missing required columns BillingPeriodStart, BilledCost, Tags"))
        }
    }

    @Test func oneMissingColumn() throws {
        let error = try #require(try headerError("BillingPeriodStart,Tags\n"))
        do {
            #expect(error.message.contains("missing required column BilledCost"))
            #expect(!error.message.contains("Tags,"))
        }
    }

    @Test func duplicatedKnownColumnIsAnError() throws {
        let error = try #require(try headerError("BillingPeriodStart,BilledCost,Tags,billedcost,Other,Other\n"))
        do {
            #expect(error.message.contains("BilledCost appears more than once"))
            #expect(!error.message.contains("Other"))
        }
    }

    @Test func emptyFileIsAnError() throws {
        #expect(throws: InputError.self) { try focusReader("") }
    }

    @Test func headerAfterBOMIsFound() throws {
        let path = try writeTempFile([0xEF, 0xBB, 0xBF] + Array("BillingPeriodStart,BilledCost,Tags\n".utf8))
        let reader = try CSVReader(path: path)
        let columns = try FocusColumns(header: reader, file: "f")
        #expect(columns.index(of: .billingPeriodStart) == 0)
    }
}

@Suite("FocusRow")
struct FocusRowTests {
    @Test func fullRowDecodes() throws {
        let row = try #require(rowOf(try decodeOne(focusHeader + "\n"
            + "2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,2024-09-03,2024-09-04,12.50,10,9.999999999,1.5E-7,"
            + "i-123,\"web, prod\",Amazon EC2,Usage,\"Linux \"\"t3\"\"\",USD,SKU1,PRICE1,"
            + "\"{\"\"pi\"\": \"\"smith\"\", \"\"project\"\":\"\"P-1\"\"}\"\n")))
        #expect(row.billingPeriodStart.canonical == "2024-09-01T00:00:00Z")
        #expect(row.period == BillingPeriod(year: 2024, month: 9))
        #expect(row.billingPeriodEnd?.period == BillingPeriod(year: 2024, month: 10))
        #expect(row.chargePeriodStart == FocusDate(year: 2024, month: 9, day: 3, hasTime: false))
        #expect(row.listCost == Money(cents: 1250))
        #expect(row.contractedCost == Money(nanos: 10_000_000_000))
        #expect(row.billedCost == Money(nanos: 9_999_999_999))
        #expect(row.effectiveCost == Money(nanos: 150))
        #expect(row.resourceId == "i-123")
        #expect(row.resourceName == "web, prod")
        #expect(row.serviceName == "Amazon EC2")
        #expect(row.chargeCategory == "Usage")
        #expect(row.chargeDescription == "Linux \"t3\"")
        #expect(row.billingCurrency == "USD")
        #expect(row.skuId == "SKU1")
        #expect(row.skuPriceId == "PRICE1")
        #expect(row.tags["pi"] == "smith")
        #expect(row.tags["project"] == "P-1")
        #expect(row.tags.raw == "{\"pi\": \"smith\", \"project\":\"P-1\"}")
    }

    @Test func nullAndEmptyMeanAbsent() throws {
        let text = focusHeader + "\n"
            + "2024-09-01,NULL,null,,NULL,,1.00,null,NULL,,null,NULL,,NULL,,null,NULL\n"
        let row = try #require(rowOf(try decodeOne(text)))
        #expect(row.billingPeriodEnd == nil)
        #expect(row.chargePeriodStart == nil)
        #expect(row.chargePeriodEnd == nil)
        #expect(row.listCost == nil)
        #expect(row.contractedCost == nil)
        #expect(row.effectiveCost == nil)
        #expect(row.resourceId == nil && row.resourceName == nil && row.serviceName == nil)
        #expect(row.chargeCategory == nil && row.chargeDescription == nil && row.billingCurrency == nil)
        #expect(row.skuId == nil && row.skuPriceId == nil)
        #expect(row.tags.isEmpty)
        #expect(row.billedCost == Money(cents: 100))
    }

    @Test func nullIsOnlyTheExactWord() throws {
        let row = try #require(rowOf(try decodeOne("BillingPeriodStart,BilledCost,Tags,ResourceName\n2024-09-01,1,{},Nullable\n")))
        #expect(row.resourceName == "Nullable")
    }

    @Test func requiredColumnsAbsentAreErrors() throws {
        let errors = errorsOf(try decodeOne(minimal("NULL", "", "")))
        #expect(errors.map(\.column) == ["BillingPeriodStart", "BilledCost"])
        #expect(errors.allSatisfy { $0.line == 2 && $0.file == "focus.csv" })
        #expect(errors[0].message == "expected a date YYYY-MM-DD or ISO 8601 date-time, got \"NULL\" (the column is required)")
        #expect(errors[1].message == "expected a decimal number, got an empty value (the column is required)")
    }

    @Test func allProblemsOfARowAreCollected() throws {
        let text = focusHeader + "\n"
            + "2024-09-01,2025-02-30,09/01/2024,2024-09-02,abc,,\"12,50\",1,,,,,,,,,\"[1,2]\"\n"
        let errors = errorsOf(try decodeOne(text))
        #expect(errors.map(\.column) == ["BillingPeriodEnd", "ChargePeriodStart", "ListCost", "BilledCost", "Tags"])
        #expect(errors.map(\.description).contains(
            "focus.csv:2: BilledCost: expected a decimal number, got \"12,50\""))
        #expect(errors.map(\.description).contains(
            "focus.csv:2: ChargePeriodStart: expected a date YYYY-MM-DD or ISO 8601 date-time, got \"09/01/2024\""))
        #expect(errors.map(\.description).contains(
            "focus.csv:2: Tags: expected a JSON object of tags (or a list of {\"key\": …, \"value\": …} labels), got \"[1,2]\""))
        #expect(errors.first?.message.contains("February 2025 has days 01–28") == true)
    }

    @Test func fieldCountMismatchIsOneErrorWithTheRightLine() throws {
        let text = focusHeader + "\n"
            + "2024-09-01,,,,,,1,,,\"multi\nline\nname\",,,,,,,{}\n"
            + "2024-09-01,,,,,,1,,,,,,,,\n"
            + "2024-09-01,,,,,,2,,,,,,,,,,{}\n"
        let results = try decodeAll(text)
        #expect(results.count == 3)
        #expect(rowOf(results[0])?.resourceName == "multi\nline\nname")
        let errors = errorsOf(results[1])
        #expect(errors == [InputError(file: "focus.csv", line: 5, column: "", message: "expected 17 fields, found 15")])
        #expect(rowOf(results[2])?.billedCost == Money(cents: 200))
    }

    @Test func moneyFields() throws {
        let cases: [(String, Int64)] = [("0", 0), ("-3.25", -3_250_000_000), ("+7", 7_000_000_000),
                                        (".5", 500_000_000), ("1e3", 1_000_000_000_000),
                                        ("0.0000000015", 2), ("123456.123456789", 123_456_123_456_789)]
        for (text, nanos) in cases {
            let row = rowOf(try decodeOne(minimal("2024-09-01", text, "{}")))
            #expect(row?.billedCost == Money(nanos: nanos), "\(text)")
        }
        for bad in ["$5", "1 000", "1,5", "abc", "1e", "--1", " 5", "1.2.3"] {
            let errors = errorsOf(try decodeOne(minimal("2024-09-01", "\"\(bad)\"", "{}")))
            #expect(errors.count == 1, "\(bad)")
            #expect(errors.first?.message == "expected a decimal number, got \(FocusText.quote(bad))", "\(bad)")
        }
        let huge = errorsOf(try decodeOne(minimal("2024-09-01", "99999999999", "{}")))
        #expect(huge.first?.message.contains("within") == true)
    }

    @Test func invalidUTF8TextIsAnError() throws {
        let bytes = Array("BillingPeriodStart,BilledCost,Tags,ResourceName\n2024-09-01,1,{},ab".utf8) + [0xFF] + [10]
        let reader = try CSVReader(path: try writeTempFile(bytes), displayName: "focus.csv")
        let columns = try FocusColumns(header: reader)
        #expect(try reader.next())
        #expect(throws: FocusRowErrors.self) { try columns.decode(reader) }
        do throws(FocusRowErrors) { _ = try columns.decode(reader) } catch {
            #expect(error.errors.first?.column == "ResourceName")
            #expect(error.errors.first?.message.contains("UTF-8") == true)
        }
    }

    @Test func hostileValuesRoundTripLiterally() throws {
        let hostile = ["<script>alert(1)</script>", "=cmd|' /C calc'!A0", "../../etc/passwd", "a|b*c[d]",
                       "Zoë Ωμέγα 王", "+SUM(A1)", "@x", "-2+3"]
        for value in hostile {
            let csvValue = "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let json = "{\"v\":\"\(value)\"}".replacingOccurrences(of: "\"", with: "\"\"")
            let text = "BillingPeriodStart,BilledCost,Tags,ResourceName\n2024-09-01,1,\"\(json)\",\(csvValue)\n"
            let row = try #require(rowOf(try decodeOne(text)), "\(value)")
            #expect(row.resourceName == value)
            #expect(row.tags["v"] == value)
        }
    }

    @Test func errorValuesAreQuotedSafely() {
        #expect(FocusText.quote("a\"b\\c\nd\u{1B}") == "\"a\\\"b\\\\c\\nd\\u{1B}\"")
        let long = String(repeating: "x", count: 500)
        let quoted = FocusText.quote(long)
        #expect(quoted == "\"" + String(repeating: "x", count: 60) + "…\"")
        let bytes = Array(long.utf8)
        #expect(bytes.withUnsafeBytes { FocusText.quote($0) } == quoted)
        #expect(FocusText.quote("\u{202E}evil") == "\"\\u{202E}evil\"")
    }

    @Test func longBadValueIsTruncatedInTheMessage() throws {
        let bad = String(repeating: "9", count: 30) + String(repeating: "x", count: 10_000)
        let errors = errorsOf(try decodeOne(minimal("2024-09-01", bad, "{}")))
        #expect(errors.count == 1)
        #expect(errors[0].message.count < 150)
        #expect(errors[0].message.hasSuffix("…\""))
    }
}

@Suite("FocusDate")
struct FocusDateTests {
    func parse(_ s: String) -> FocusDate? { try? FocusDate(parsing: s) }

    @Test func acceptedForms() throws {
        let d = try FocusDate(parsing: "2024-02-29")
        #expect(d == FocusDate(year: 2024, month: 2, day: 29, hasTime: false))
        #expect(d.canonical == "2024-02-29")
        #expect(d.period.description == "2024-02")

        #expect(parse("2024-09-30 23:15:09")?.canonical == "2024-09-30T23:15:09")
        #expect(parse("2024-09-30T23:15:09")?.canonical == "2024-09-30T23:15:09")
        #expect(parse("2024-09-30T23:15:09Z")?.canonical == "2024-09-30T23:15:09Z")
        #expect(parse("2024-09-30T23:15:09+00:00")?.canonical == "2024-09-30T23:15:09+00:00")
        #expect(parse("2024-09-30T23:15:09-05:00")?.canonical == "2024-09-30T23:15:09-05:00")
        #expect(parse("2024-09-30T23:15:09-0530")?.offset == .minutes(-330))
        #expect(parse("2024-09-30T23:15:09-0530")?.canonical == "2024-09-30T23:15:09-05:30")
        #expect(parse("2024-09-30T23:15:09.5Z")?.nanosecond == 500_000_000)
        #expect(parse("2024-09-30T23:15:09.123456789123+01:00")?.nanosecond == 123_456_789)
        #expect(parse("2024-09-30T23:15:09.123Z")?.canonical == "2024-09-30T23:15:09Z")
        #expect(parse("2000-02-29")?.day == 29)  // divisible by 400: leap
    }

    /// What each provider's export really writes (docs/focus.md, "Timestamps").
    @Test func providerForms() throws {
        // AWS Data Exports (timestamp_milliseconds), Azure (7-digit fractions).
        #expect(parse("2026-09-01T00:00:00.000Z")?.canonical == "2026-09-01T00:00:00Z")
        #expect(parse("2026-09-01T00:00:00.0000000Z")?.canonical == "2026-09-01T00:00:00Z")
        // Oracle Cloud's charge periods: minutes, no seconds.
        let oci = try FocusDate(parsing: "2026-09-04T13:00Z")
        #expect(oci == FocusDate(year: 2026, month: 9, day: 4, hour: 13, minute: 0, second: 0, offset: .utc))
        #expect(oci.canonical == "2026-09-04T13:00:00Z")
        #expect(parse("2026-09-04T13:05")?.canonical == "2026-09-04T13:05:00")
        // BigQuery's CSV export, its CAST to STRING, and its documented input form.
        #expect(parse("2026-09-01 07:00:00 UTC")?.canonical == "2026-09-01T07:00:00Z")
        #expect(parse("2026-09-06 03:12:44.187 UTC")?.nanosecond == 187_000_000)
        #expect(parse("2026-09-01 07:00:00+00")?.canonical == "2026-09-01T07:00:00+00:00")
        #expect(parse("2012-06-24 19:06:56 -07:00")?.offset == .minutes(-420))
        // The FinOps Foundation's FOCUS 1.0 sample: a space, no zone.
        #expect(parse("2024-09-01 00:00:00")?.canonical == "2024-09-01T00:00:00")
    }

    @Test func noTimeZoneConversion() throws {
        let d = try FocusDate(parsing: "2024-09-30T23:00:00-05:00")
        #expect(d.period == BillingPeriod(year: 2024, month: 9))
        #expect(d.hour == 23)
        let e = try FocusDate(parsing: "2024-10-01T01:00:00+03:00")
        #expect(e.period == BillingPeriod(year: 2024, month: 10))
    }

    @Test func invalidDatesAreRejectedWithAReason() {
        #expect(throws: FocusDate.ParseError.range("February 2025 has days 01–28")) { try FocusDate(parsing: "2025-02-30") }
        #expect(throws: FocusDate.ParseError.range("month 13 is not 01–12")) { try FocusDate(parsing: "2025-13-01") }
        #expect(throws: FocusDate.ParseError.range("month 0 is not 01–12")) { try FocusDate(parsing: "2025-00-10") }
        #expect(throws: FocusDate.ParseError.range("February 1900 has days 01–28")) { try FocusDate(parsing: "1900-02-29") }
        #expect(throws: FocusDate.ParseError.range("April 2024 has days 01–30")) { try FocusDate(parsing: "2024-04-31") }
        #expect(throws: FocusDate.ParseError.range("hour 24 is not 00–23")) { try FocusDate(parsing: "2024-04-01T24:00:00") }
        #expect(throws: FocusDate.ParseError.range("minute 60 is not 00–59")) { try FocusDate(parsing: "2024-04-01T10:60:00") }
        #expect(throws: FocusDate.ParseError.range("second 60 is not 00–59")) { try FocusDate(parsing: "2024-04-01T10:00:60") }
        #expect(throws: FocusDate.ParseError.range("year 1899 is before 1900")) { try FocusDate(parsing: "1899-12-31") }
        #expect(throws: FocusDate.ParseError.range("offset must be at most ±23:59")) { try FocusDate(parsing: "2024-04-01T10:00:00+24:00") }
        #expect(throws: FocusDate.ParseError.range("February 2025 has days 01–28")) { try FocusDate(parsing: "2025-02-00") }
    }

    @Test func malformedTextIsASyntaxError() {
        for bad in ["09/01/2024", "2024-9-01", "2024-09-1", "2024-09-01T", "2024-09-01T10", "2024-09-01T10:0",
                    "2024-09-01 10:00:00 ", "2024-09-01T10:00:00.", "2024-09-01T10:00:00+5", "2024-09-01T10:00:00+05:0",
                    "2024-09-01x", "2024-09-01T10:00:00ZZ", "2024-09-01 10:00:00 utc", "2024-09-01 10:00:00 UT",
                    "2024-09-01 10:00:00  UTC", "2024-09-01 10:00:00 Z", "2024-09-01T10:00:00UTC", "2024-09-01 UTC",
                    "２０２４-09-01", "", "2024/09/01", "20240901"] {
            #expect(throws: FocusDate.ParseError.syntax, "\(bad)") { try FocusDate(parsing: bad) }
        }
    }

    @Test func messages() {
        #expect(FocusDate.ParseError.syntax.message(got: "\"x\"") == "expected a date YYYY-MM-DD or ISO 8601 date-time, got \"x\"")
        #expect(FocusDate.ParseError.range("why").message(got: "\"x\"").hasSuffix("got \"x\" (why)"))
    }
}

@Suite("FocusTags")
struct FocusTagsTests {
    func tags(_ s: String) throws(FocusTags.ParseError) -> FocusTags { try FocusTags(parsing: s) }

    @Test func validObjectKeepsOrderExactKeysAndRaw() throws {
        let t = try tags(" { \"b\" : \"2\", \"a\":\"1\", \" spaced key \" :\"v\" } ")
        #expect(t.keys == ["b", "a", " spaced key "])
        #expect(t["a"] == "1")
        #expect(t[" spaced key "] == "v")
        #expect(t["spaced key"] == nil)
        #expect(t.raw == " { \"b\" : \"2\", \"a\":\"1\", \" spaced key \" :\"v\" } ")
    }

    @Test func emptyObject() throws {
        #expect(try tags("{}").isEmpty)
        #expect(try tags(" { } ").isEmpty)
    }

    @Test func nonStringValues() throws {
        let t = try tags("{\"n\": -1.50e+3, \"t\": true, \"f\": false, \"z\": null, \"o\": {\"x\": [1, {\"y\": null}]}, \"a\": [ ]}")
        #expect(t["n"] == "-1.50e+3")
        #expect(t["t"] == "true")
        #expect(t["f"] == "false")
        #expect(t["z"] == nil)
        #expect(t.keys == ["n", "t", "f", "o", "a"])
        #expect(t["o"] == "{\"x\": [1, {\"y\": null}]}")
        #expect(t["a"] == "[ ]")
    }

    @Test func escapesAndUnicode() throws {
        let t = try tags(#"{"s": "q\" b\\ s\/ \b\f\n\r\t", "u": "\u00e9\u738B", "emoji": "\ud83e\uddea", "k\u0020": "x"}"#)
        #expect(t["s"] == "q\" b\\ s/ \u{8}\u{C}\n\r\t")
        #expect(t["u"] == "é王")
        #expect(t["emoji"] == "🧪")
        #expect(t["k "] == "x")  // an escaped space is part of the key
        #expect(t["k"] == nil)
    }

    @Test func rawNonASCIIIsKept() throws {
        let t = try tags("{\"owner\": \"Zoë Ωμέγα 王\"}")
        #expect(t["owner"] == "Zoë Ωμέγα 王")
    }

    @Test func hostileValuesStayLiteral() throws {
        let big = String(repeating: "<script>|=cmd../", count: 640)  // ~10 KB
        let t = try tags("{\"x\": \"\(big)\", \"y\": \"=HYPERLINK(\\\"http://e\\\")\"}")
        #expect(t["x"] == big)
        #expect(t["x"]?.utf8.count == 10_240)
        #expect(t["y"] == "=HYPERLINK(\"http://e\")")
    }

    /// The FinOps Foundation's FOCUS 1.0 sample has both "org" and " org":
    /// two JSON keys, two tags. A key written twice (which FOCUS forbids, and
    /// JSON parsers resolve differently) is kept twice: `MappedTags` decides
    /// whether that matters.
    @Test func keysAreExactAndRepeatsAreKept() throws {
        let sample = try tags("{\"org\": \"trey\", \" org\": \"research\"}")
        #expect(sample.tags == [.init(key: "org", value: "trey"), .init(key: " org", value: "research")])
        let repeated = try tags("{\"pi\": \"a\", \"pi\": \"b\"}")
        #expect(repeated.tags == [.init(key: "pi", value: "a"), .init(key: "pi", value: "b")])
        #expect(repeated["pi"] == "a")
        #expect(try tags("{\"pi\": null, \"pi\": \"b\"}").tags == [.init(key: "pi", value: "b")])
        let many = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ",")
        #expect(try tags("{\(many), \"k3\": 1}").count == 41)
    }

    /// Azure's older cost exports write the object's members without braces.
    @Test func braceLessAzureTags() throws {
        let raw = #""CostCenter": "1234","env": "prod","org": "","cm-resource-parent": "/subscriptions/x/rg""#
        let t = try tags(raw)
        #expect(t.keys == ["CostCenter", "env", "org", "cm-resource-parent"])
        #expect(t["org"] == "")
        #expect(t["cm-resource-parent"] == "/subscriptions/x/rg")
        #expect(t.raw == raw)
        #expect(try tags(#" "pi_email": null "#).isEmpty)
    }

    /// Google's FOCUS view: a list of labels, as BigQuery's TO_JSON_STRING writes it.
    @Test func labelLists() throws {
        let view = #"[{"key":"team","value":"genomics","x_type":"label","x_inherited":false,"x_namespace":"n/a"},"#
            + #"{"key":"goog-k8s-cluster-name","value":"ens","x_type":"system_label","x_inherited":false,"x_namespace":"n/a"}]"#
        #expect(try tags(view).tags == [.init(key: "team", value: "genomics"), .init(key: "goog-k8s-cluster-name", value: "ens")])
        #expect(try tags(" [ ] ").isEmpty)
        // Field names in any case; other fields skipped; a null value is no tag.
        let other = #"[{"Key": "a", "Value": 7, "extra": {"n": [1]}}, {"KEY": "b", "value": null}]"#
        #expect(try tags(other).tags == [.init(key: "a", value: "7")])
    }

    /// A project label (x_inherited) gives way to the resource's own label of
    /// the same key, as FOCUS tag finalization says; alone, it counts.
    @Test func inheritedLabelsGiveWayToTheResourcesOwn() throws {
        let list = #"[{"key":"project_id","value":"climate-default","x_inherited":true},"#
            + #"{"key":"pi_email","value":"liang@x.edu","x_type":"project_label","x_inherited":true},"#
            + #"{"key":"project_id","value":"climate-ensemble","x_inherited":false}]"#
        #expect(try tags(list).tags == [.init(key: "pi_email", value: "liang@x.edu"), .init(key: "project_id", value: "climate-ensemble")])
        // Two labels of the resource itself are both kept.
        let two = #"[{"key":"env","value":"prod"},{"key":"env","value":"production","x_type":"tag"}]"#
        #expect(try tags(two).count == 2)
    }

    @Test func listsThatAreNotLabelsAreNotTags() {
        for s in [#"[1, 2]"#, #"[{"value": "x"}]"#, #"[{"key": 1, "value": "x"}]"#, #"[{}]"#, #"[{"key":"a","key":"b"}]"#,
                  #"[["key", "value"]]"#] {
            #expect(throws: FocusTags.ParseError(kind: .notAnObject), "\(s)") { try tags(s) }
        }
    }

    @Test func notAnObject() {
        for s in ["[1,2]", "\"text\"", "42", "null", "true"] {
            #expect(throws: FocusTags.ParseError(kind: .notAnObject), "\(s)") { try tags(s) }
        }
    }

    @Test func invalidJSON() {
        for s in ["{", "{a:1}", "{\"a\" 1}", "{\"a\":}", "{\"a\":1,}", "{\"a\":01}", "{\"a\":\"x}", "{\"a\":1} x",
                  "{\"a\":\"\\x\"}", "{\"a\":\"\\ud83e\"}", "{\"a\":\"\\udc00\"}", "{\"a\":\"tab\there\"}", "{\"a\":tru}",
                  "{'a':1}", "", "   ", "{\"a\":[1,]}", "{\"a\":\"\\u12G4\"}",
                  "\"a\" 1", "\"a\":1,", "\"a\":", "\"a\":1}", "[{\"key\":\"a\",\"value\":\"b\"},]", "[{\"key\":\"a\"}",
                  "[{\"key\":\"a\",\"value\":}]", "[{\"key\" \"a\"}]"] {
            do throws(FocusTags.ParseError) {
                _ = try tags(s)
                Issue.record("accepted \(s)")
            } catch {
                if case .invalidJSON = error.kind {} else { Issue.record("\(s): \(error)") }
            }
        }
    }

    @Test func deepNestingIsRejectedNotACrash() {
        let deep = "{\"a\":" + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"
        #expect(throws: FocusTags.ParseError.self) { try tags(deep) }
    }

    @Test func emptyAndBlankKeysAreKeys() throws {
        #expect(try tags("{\"  \": \"x\", \"\": \"y\"}").keys == ["  ", ""])
    }

    @Test func invalidUTF8() {
        let bytes: [UInt8] = Array("{\"a\":\"".utf8) + [0xFF] + Array("\"}".utf8)
        #expect(throws: FocusTags.ParseError(kind: .invalidUTF8)) { try bytes.withUnsafeBytes { try FocusTags.parse($0) } }
    }

    @Test func messagesNameTheProblem() {
        let invalid = FocusTags.ParseError(kind: .invalidJSON(offset: 1, expected: "a string key")).message(got: "\"{a:1}\"")
        #expect(invalid == "expected a JSON object of tags (or a list of {\"key\": …, \"value\": …} labels), got \"{a:1}\" (invalid JSON at character 2: expected a string key)")
        let other = FocusTags.ParseError(kind: .notAnObject).message(got: "\"42\"")
        #expect(other == "expected a JSON object of tags (or a list of {\"key\": …, \"value\": …} labels), got \"42\"")
    }
}

@Suite("FocusSampleData")
struct FocusSampleDataTests {
    /// The project's sample exports decode without a single error, and their
    /// BilledCost adds up exactly to the total in sample_data/expected_totals.json.
    @Test func sampleExportsDecodeToTheExpectedTotals() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let files = ["aws_2026-09.csv", "azure_2026-09.csv", "hpc_2026-09.csv", "storage_2026-09.csv"]
        var rows = 0
        var billed = MoneySum()
        for name in files {
            let path = root.appendingPathComponent("sample_data").appendingPathComponent(name).path
            let reader = try CSVReader(path: path, displayName: name)
            let columns = try FocusColumns(header: reader)
            while try reader.next() {
                let row = try columns.decode(reader)
                #expect(row.period == BillingPeriod(year: 2026, month: 9), "\(name):\(reader.line)")
                rows += 1
                billed.add(row.billedCost)
            }
        }
        #expect(rows == 41)
        #expect(try billed.money() == Money(parsing: "7597.838186"))
    }
}
