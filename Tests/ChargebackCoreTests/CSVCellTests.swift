import Testing
@testable import ChargebackCore

/// What ingest writes into CSV (the RejectReason of a rejects file) is
/// RFC 4180 and cannot run as a spreadsheet formula.
@Suite struct CSVCellTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("-12.50", "-12.50"),
        ("+3", "+3"),
        ("=1,2", "\"'=1,2\""),
    ])
    func escapes(value: String, expected: String) {
        #expect(CSVCell.escape(value) == expected)
    }
}
