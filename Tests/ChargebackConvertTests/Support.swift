import ChargebackCore
import Foundation
import Testing
@testable import ChargebackConvert

/// A scratch folder removed when the test ends.
final class TempFolder {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "ocb-convert-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}

/// A FOCUS file read the way ingest reads it.
enum FocusReadBack {
    static func rows(_ path: String) throws -> [FocusRow] {
        let reader = try CSVReader(path: path)
        let columns = try FocusColumns(header: reader)
        var rows: [FocusRow] = []
        while try reader.next() { rows.append(try columns.decode(reader)) }
        return rows
    }

    /// Rows by ResourceId; a row charged for an earlier month than it is
    /// billed in is under "ResourceId@ChargePeriodStart".
    static func byResource(_ path: String) throws -> [String: FocusRow] {
        var out: [String: FocusRow] = [:]
        for row in try rows(path) {
            var key = row.resourceId ?? ""
            if let charged = row.chargePeriodStart, charged.period != row.period { key += "@" + charged.canonical }
            #expect(out[key] == nil, "two rows for \(key)")
            out[key] = row
        }
        return out
    }
}

extension Money {
    /// "12.34" in tests.
    init(_ text: String) { self = try! Money(parsing: text) }
}

func target(_ folder: TempFolder, _ name: String, _ period: String, keys: TagMapping = TagMapping()) -> FocusFileTarget {
    FocusFileTarget(path: folder.path + "/" + name, period: BillingPeriod(period)!, currency: "USD", tagKeys: keys)
}

let utc = LocalClock(identifier: "UTC")!
