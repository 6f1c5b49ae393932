import ChargebackCore
import Foundation
import Testing
@testable import ChargebackConvert

@Suite struct VMTests {
    static func convert(_ inventory: VMConvertRequest.Inventory, period: String = "2025-01",
                        excludes: [String] = ["^infra-", "^template-"], includeOff: Bool = false,
                        tiers: String = Fixtures.path("vm/tiers.json")) throws -> (ConvertReport, [String: FocusRow], TempFolder) {
        let dir = try TempFolder()
        let request = VMConvertRequest(period: BillingPeriod(period)!, tiers: .file(tiers),
                                       excludePatterns: try excludes.map { try ConfigRegex($0) }, includeOff: includeOff,
                                       clock: utc, inventory: inventory)
        let report = try request.run(into: target(dir, "vm_\(period).csv", period))
        return (report, try FocusReadBack.byResource(report.path), dir)
    }

    /// The legacy Azure Local sample (samples/output/azure-local_2025-01.csv):
    /// standard 100/100, gpu-a100 at 50% 800/400, highmem at 25% 300/225,
    /// standard at 100% 100/0; the inactive VM is not billed.
    @Test func sameChargesAsTheLegacyAzureLocalSample() throws {
        let (report, rows, _) = try Self.convert(.hyperV(Fixtures.path("vm/notes-sample.json")))
        #expect(report.rows == 4)
        let expected = [("atmos-vm-01", "100.00", "100.00"), ("trainer-01", "800.00", "400.00"),
                        ("seq-analysis", "300.00", "225.00"), ("portal-dev", "100.00", "0.00")]
        for (vm, list, billed) in expected {
            let row = try #require(rows[vm])
            #expect(row.listCost == Money(list), "\(vm)")
            #expect(row.contractedCost == Money(list), "\(vm)")
            #expect(row.billedCost == Money(billed), "\(vm)")
            #expect(row.resourceName == vm)
            #expect(row.serviceName == "Azure Local - Virtual Machines")
        }
        #expect(rows["trainer-01"]?.tags["pi_email"] == "zed.blink@northfield.example.edu")
        #expect(rows["trainer-01"]?.tags["fund_org"] == "DOE-SC-2024")
        #expect(rows["trainer-01"]?.skuId == "gpu-a100")
        #expect(report.list.nanos == Int128(Money("1300.00").nanos))
        #expect(report.billed.nanos == Int128(Money("725.00").nanos))
        #expect(report.notes.notes.contains("1 inactive (FinOpsActive false), not billed: old-app-01"))
    }

    /// What Get-VM | Select-Object … | ConvertTo-Json writes in Windows PowerShell 5.1:
    /// Notes as a JSON string, State as a number, CreationTime as \/Date(ms)\/.
    @Test func hyperVInventoryFromPowerShell() throws {
        let (report, rows, _) = try Self.convert(.hyperV(Fixtures.path("vm/hyperv-ps5.json")))
        #expect(rows["atmos-vm-01"]?.listCost == Money("100.00"))
        // Created on the 20th: 12 of 31 days of 100 a month.
        #expect(rows["new-vm-20th"]?.listCost == Money("38.71"))
        #expect(rows["new-vm-20th"]?.tags["vm_days"] == "12")
        // No PI in its notes: billed, without one, so ingest flags it.
        #expect(rows["no-pi-vm"]?.billedCost == Money("225.00"))
        #expect(rows["no-pi-vm"]?.tags["pi_email"] == nil)
        #expect(rows.count == 3)
        let notes = report.notes.notes.joined(separator: "\n")
        #expect(notes.contains("1 excluded by name (convert.vm.exclude_patterns): infra-dc01"))
        #expect(notes.contains("1 not running, not billed (convert.vm.include_off): stopped-vm"))
        #expect(notes.contains("1 created after 2025-01, not billed: future-vm"))
        #expect(report.notes.warnings == ["VM \"no-pi-vm\" names no PI: ingest flags its charge for review"])
        // With include_off the stopped VM is billed; without the exclusion, infra-dc01's empty notes are an error.
        let (_, all, _) = try Self.convert(.hyperV(Fixtures.path("vm/hyperv-ps5.json")), includeOff: true)
        #expect(all["stopped-vm"]?.listCost == Money("200.00"))
        do {
            _ = try Self.convert(.hyperV(Fixtures.path("vm/hyperv-ps5.json")), excludes: [])
            Issue.record("billed a VM with empty notes")
        } catch let error as ConvertFailure {
            #expect(error.errors.count == 1)
            #expect(error.errors[0].column == "[3].Notes")
            #expect(error.errors[0].message.contains("VM \"infra-dc01\" has empty Notes"))
        }
    }

    @Test func plainInventoryCSV() throws {
        let (_, rows, _) = try Self.convert(.csv(Fixtures.path("vm/inventory.csv")))
        #expect(rows["web-01"]?.listCost == Money("100.00"))
        #expect(rows["web-01"]?.tags["owner_team"] == "web")
        // large: 200 a month × 15.5 / 31 days = 100, 50% subsidy.
        #expect(rows["batch-02"]?.listCost == Money("100.00"))
        #expect(rows["batch-02"]?.billedCost == Money("50.00"))
        #expect(rows["batch-02"]?.tags["owner_team"] == nil)
        // gpu-a100: 800 × 10 / 31 = 258.0645… → 258.06
        #expect(rows["gpu-03"]?.listCost == Money("258.06"))
        #expect(rows["gpu-03"]?.tags["project_id"] == "mystery")
        #expect(rows["gpu-03"]?.tags["pi_email"] == nil)
    }

    @Test func badInventoriesNameThePlace() throws {
        let dir = try TempFolder()
        let csv = try dir.write("inv.csv", """
            name,tier,running_days,subsidy_percent
            a,standard,32,
            b,xlarge,10,
            c,standard,ten,
            d,standard,5,150
            e,,5,
            a,standard,1,
            """)
        do {
            _ = try Self.convert(.csv(csv))
            Issue.record("accepted a bad inventory")
        } catch let error as ConvertFailure {
            #expect(error.errors.map(\.line) == [2, 3, 4, 5, 6, 7])
            #expect(error.errors.map(\.column) == ["running_days", "tier", "running_days", "subsidy_percent", "tier", "name"])
            #expect(error.errors[1].message.contains("tier \"xlarge\" has no price: expected one of gpu-a100, highmem, large, standard"))
        }
        let json = try dir.write("vms.json", """
            [{"Name": "x", "Notes": "{\\"FinOpsVmTier\\": \\"huge\\"}", "State": "Running"},
             {"Name": "y", "Notes": "not json", "State": "Running"},
             {"Name": "z", "Notes": {"FinOpsVmTier": "standard"}, "CreationTime": "last week"}]
            """)
        do {
            _ = try Self.convert(.hyperV(json))
            Issue.record("accepted a bad inventory")
        } catch let error as ConvertFailure {
            #expect(error.errors.count == 3)
            #expect(error.errors[0].column == "[0].Notes.FinOpsVmTier")
            #expect(error.errors[1].message.contains("its Notes are not JSON"))
            #expect(error.errors[2].column == "[2].CreationTime")
        }
    }

    @Test func tiersFileErrors() throws {
        let dir = try TempFolder()
        let tiers = try dir.write("tiers.json", "{\"tiers\": {\"standard\": {\"description\": \"no cost\"}}}")
        do {
            _ = try Self.convert(.csv(Fixtures.path("vm/inventory.csv")), tiers: tiers)
            Issue.record("accepted a tier without a cost")
        } catch let error as ConvertFailure {
            #expect(error.errors.first?.column == "tiers.standard.annualCost")
        }
    }
}
