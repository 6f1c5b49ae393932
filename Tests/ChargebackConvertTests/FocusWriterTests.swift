import ChargebackCore
import Foundation
import Testing
@testable import ChargebackConvert

/// The writer's output read back with ingest's own reader and decoder.
@Suite struct FocusWriterTests {
    static func line(_ resource: String, owner: ChargeOwner, tags: [ExtraTag] = [], list: Int64 = 1000, billed: Int64 = 750) -> ChargeLine {
        ChargeLine(chargeStart: CivilDay(year: 2025, month: 1, day: 1)!, chargeEnd: CivilDay(year: 2025, month: 2, day: 1)!,
                   serviceName: "HPC Compute - GPU", resourceId: resource, resourceName: resource + " (gpu)",
                   description: "3 jobs, 1.5 core-hours", sku: "gpu", list: Money(cents: list), contracted: Money(cents: list),
                   billed: Money(cents: billed), owner: owner, tags: tags)
    }

    @Test func ingestDecodesEveryRow() throws {
        let dir = try TempFolder()
        let keys = TagMapping(piEmail: "pi", projectId: "project", fundOrg: "fund")
        let target = FocusFileTarget(path: dir.path + "/out/hpc_2025-01.csv", period: BillingPeriod("2025-01")!, currency: "USD", tagKeys: keys)
        let hostile = ChargeOwner(piEmail: "=HYPERLINK(\"x\")", projectId: "a,\"b\"\nc", fundOrg: "100200-3001")
        let report = try FocusFile.write(target) { (w: inout FocusWriter) throws(ConvertFailure) -> ConversionNotes in
            try w.add(Self.line("ursalab-gpu", owner: ChargeOwner(piEmail: "ursa@x.edu", projectId: "ursa", fundOrg: "F-1"),
                                tags: [ExtraTag("slurm_account", "ursalab"), ExtraTag("pi", "a tag named like a mapped key loses")]))
            try w.add(Self.line("-starts-with-minus", owner: hostile, tags: [ExtraTag("note", "</script><b>|*[")]))
            try w.add(Self.line("nobody", owner: .nobody, list: 5, billed: 0))
            return ConversionNotes()
        }
        #expect(report.rows == 3)
        #expect(report.list == MoneySum([Money(cents: 1000), Money(cents: 1000), Money(cents: 5)]))
        #expect(report.billed.nanos == Int128(Money(cents: 1500).nanos))
        let rows = try FocusReadBack.rows(report.path)
        #expect(rows.count == 3)
        #expect(rows[0].tags["pi"] == "ursa@x.edu")
        #expect(rows[0].tags["project"] == "ursa")
        #expect(rows[0].tags["slurm_account"] == "ursalab")
        #expect(rows[0].billingPeriodStart.canonical == "2025-01-01")
        #expect(rows[0].billingPeriodEnd?.canonical == "2025-02-01")
        #expect(rows[0].listCost == Money(cents: 1000))
        #expect(rows[0].contractedCost == Money(cents: 1000))
        #expect(rows[0].billedCost == Money(cents: 750))
        #expect(rows[0].billingCurrency == "USD")
        // Untrusted text stays text: the JSON keeps it, the CSV cannot run it.
        #expect(rows[1].tags["pi"] == "=HYPERLINK(\"x\")")
        #expect(rows[1].tags["project"] == "a,\"b\"\nc")
        #expect(rows[1].tags["note"] == "</script><b>|*[")
        #expect(rows[1].resourceId == "'-starts-with-minus")
        #expect(rows[2].tags.isEmpty)
        let text = try String(contentsOfFile: report.path, encoding: .utf8)
        #expect(text.hasPrefix("BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,"))
        #expect(text.contains("\r\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/out") == ["hpc_2025-01.csv"])
    }

    @Test func aFailedConversionLeavesTheOldFileAlone() throws {
        let dir = try TempFolder()
        let path = dir.path + "/hpc_2025-01.csv"
        try "previous run".write(toFile: path, atomically: true, encoding: .utf8)
        let target = FocusFileTarget(path: path, period: BillingPeriod("2025-01")!, currency: "USD", tagKeys: TagMapping())
        #expect(throws: ConvertFailure.self) {
            _ = try FocusFile.write(target) { (w: inout FocusWriter) throws(ConvertFailure) -> ConversionNotes in
                try w.add(Self.line("a", owner: .nobody))
                throw ConvertFailure([InputError(file: "in.txt", line: 3, column: "State", message: "bad")])
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "previous run")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["hpc_2025-01.csv"])
    }

    @Test func bigFilesAreWrittenInChunks() throws {
        let dir = try TempFolder()
        let target = FocusFileTarget(path: dir.path + "/many.csv", period: BillingPeriod("2025-01")!, currency: "USD", tagKeys: TagMapping())
        let report = try FocusFile.write(target) { (w: inout FocusWriter) throws(ConvertFailure) -> ConversionNotes in
            for i in 0..<5_000 { try w.add(Self.line("job-\(i)", owner: ChargeOwner(piEmail: "p\(i % 7)@x.edu"), list: Int64(i), billed: Int64(i))) }
            return ConversionNotes()
        }
        let rows = try FocusReadBack.rows(report.path)
        #expect(rows.count == 5_000)
        #expect(rows.last?.resourceId == "job-4999")
        #expect(report.billed.nanos == Int128((0..<5_000).reduce(0, +)) * 10_000_000)
    }
}
