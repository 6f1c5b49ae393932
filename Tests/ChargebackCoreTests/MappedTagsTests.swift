import Foundation
import GRDB
import Testing
@testable import ChargebackCore

@Suite("MappedTags")
struct MappedTagsTests {
    func resolve(_ cell: String, _ mapping: TagMapping = TagMapping()) throws -> MappedTags {
        TagKeyMatcher(mapping).resolve(try FocusTags(parsing: cell))
    }

    @Test func mappedKeysMatchTrimmedAndCaseInsensitively() throws {
        let m = try resolve(#"{"PI_Email ": "ada@uni.edu", "project_id": " p1 ", "\tFUND_ORG": "123456-1000", "Cost_Center": "CC-9"}"#)
        #expect(m == MappedTags(piEmail: "ada@uni.edu", projectId: "p1", fundOrg: "123456-1000", costCenter: "CC-9"))
    }

    @Test func anEmptyMappedKeyReadsNoTagNotEvenABlankOne() throws {
        // The legacy config leaves optional fields empty (reference_1: ""): they are not mapped.
        let mapping = TagMapping(reference1: "", reference2: "")
        let m = try resolve(#"{" ": "blank key", "  ": "also blank", "grant_number": "NSF-1"}"#, mapping)
        #expect(m.reference1 == nil && m.reference2 == nil && m.conflict == nil)
        #expect(try resolve(#"{" ": "x"}"#, TagMapping(costCenter: "")).costCenter == nil)
    }

    @Test func collidingKeysWithEqualValuesAreFine() throws {
        let m = try resolve(#"{"project_id": "p1", "Project_ID": " p1 ", "project_id": "p1"}"#)
        #expect(m.projectId == "p1")
        #expect(m.conflict == nil)
    }

    @Test func differentValuesLeaveTheFieldEmptyAndNameIt() throws {
        let m = try resolve(#"{"pi_email": "ada@uni.edu", "PI_EMAIL": "bob@uni.edu", "project_id": "p1", "fund_org": "123456-1000"}"#)
        #expect(m.piEmail == nil)
        #expect(m.projectId == "p1")
        #expect(m.fundOrg == "123456-1000")
        #expect(m.conflict == "pi_email")
        // A key written twice, exactly, is the same case.
        #expect(try resolve(#"{"fund_org": "123456-1000", "fund_org": "654321-2000"}"#).conflict == "fund_org")
    }

    @Test func theFirstConflictInMappingOrderIsNamed() throws {
        let m = try resolve(#"{"reference_2": "a", "reference_2 ": "b", "project_id": "p1", "Project_Id": "p2", "fund_org": "x"}"#)
        #expect(m.conflict == "project_id")
        #expect(m.projectId == nil)
        #expect(m.reference2 == nil)
        #expect(m.fundOrg == "x")
    }

    @Test func anEmptyValueIsAbsentAndConflictsWithNothing() throws {
        let m = try resolve(#"{"pi_email": "", "PI_Email": "ada@uni.edu", "project_id": "  "}"#)
        #expect(m.piEmail == "ada@uni.edu")
        #expect(m.projectId == nil)
        #expect(m.conflict == nil)
    }

    /// The FOCUS 1.0 sample's "org" / " org": not mapped, so never a conflict.
    @Test func unmappedCollisionsAreIgnored() throws {
        let m = try resolve(#"{"org": "trey", " org": "research", "Env": "prod", "env": "dev", "pi_email": "ada@uni.edu"}"#)
        #expect(m.conflict == nil)
        #expect(m.piEmail == "ada@uni.edu")
    }

    @Test func customMappingsIncludingNamespacedAndNonASCIIKeys() throws {
        let mapping = TagMapping(piEmail: "Research.PI_Email", projectId: "Équipe", fundOrg: "fund_org",
                                 reference1: "grant", reference2: "grant")
        let m = try resolve(#"{"research.pi_email": "ada@uni.edu", " ÉQUIPE ": "optique", "Grant": "NSF-1"}"#, mapping)
        #expect(m.piEmail == "ada@uni.edu")
        #expect(m.projectId == "optique")
        #expect(m.reference1 == "NSF-1")
        #expect(m.reference2 == "NSF-1")
        #expect(try resolve(#"{"équipe": "a", "EQUIPE": "b"}"#, mapping).projectId == "a")
    }

    @Test func numbersAndBooleansAreTheirJSONText() throws {
        let m = try resolve(#"{"project_id": 42, "PROJECT_ID": "42", "cost_center": true}"#)
        #expect(m.projectId == "42")
        #expect(m.costCenter == "true")
        #expect(m.conflict == nil)
    }

    @Test func everyEncodingFindsTheMappedTags() throws {
        let expected = MappedTags(piEmail: "ada@uni.edu", projectId: "p1", fundOrg: "123456-1000")
        #expect(try resolve(#"{"pi_email":"ada@uni.edu","project_id":"p1","fund_org":"123456-1000"}"#) == expected)
        #expect(try resolve(#""pi_email": "ada@uni.edu","project_id": "p1","fund_org": "123456-1000""#) == expected)
        #expect(try resolve(#"[{"key":"pi_email","value":"ada@uni.edu"},{"key":"Project_ID","value":"p1"},"#
                            + #"{"key":"fund_org","value":"123456-1000","x_inherited":true}]"#) == expected)
    }
}

/// The rules of docs/focus.md through a real ingest: what lands, what is
/// flagged and why, what is an input error.
@Suite struct TagRulesIngestTests {
    @Test func tagConflictIsFlaggedNotRefusedAndNothingIsGuessed() throws {
        let t = try TestLedger()
        let file = try t.file("aws_tags.csv", [
            TestLedger.row(resource: "r-1", tags: #"{"pi_email":"ada@uni.edu","PI_Email":"bob@uni.edu","project_id":"p1","fund_org":"123456-1000"}"#),
            TestLedger.row(resource: "r-2", tags: #"{"pi_email":"ada@uni.edu","project_id":"p1","fund_org":"123456-1000","org":"a"," org":"b"}"#),
            TestLedger.row(resource: "r-3", tags: #"{"pi_email":"ada@uni.edu","project_id":"p1","Project_ID":"p1","fund_org":"123456-1000"}"#),
        ])
        let errors = TestLedger.ErrorLog()
        let report = try t.ingest([file], errors: errors)
        #expect(errors.all.isEmpty)
        #expect(report.committed)
        #expect(report.inserted == 3)
        let pending = try ReviewQueue(store: t.store).pending()
        #expect(pending.map(\.flagReason) == ["tag_conflict:pi_email"])
        #expect(pending.first?.line == 2)
        let row = try t.store.read { db in try Row.fetchOne(db, sql: "SELECT pi_email, project_id, tags FROM charges WHERE line = 2") }
        #expect(row?["pi_email"] == ChargeDraft.unallocated)
        #expect(row?["project_id"] == "p1")
        #expect((row?["tags"] as String?)?.contains("bob@uni.edu") == true)  // the whole cell is kept
        #expect(try t.count("SELECT COUNT(*) FROM charges WHERE review_status = 'none'") == 2)
        // `review list --reason 'tag_conflict:*'` finds it.
        #expect(try ReviewQueue(store: t.store).pending(.init(reason: "tag_conflict:*")).count == 1)
    }

    @Test func aPeriodMismatchStillComesFirst() throws {
        let t = try TestLedger()
        let file = try t.file("aws_tags.csv", [
            TestLedger.row(period: "2026-09", tags: #"{"pi_email":"a@uni.edu","PI_EMAIL":"b@uni.edu","project_id":"p1","fund_org":"123456-1000"}"#),
            TestLedger.row(tags: #"{"pi_email":"a@uni.edu","PI_EMAIL":"b@uni.edu"}"#),
        ])
        _ = try t.ingest([file], period: "2026-10")
        let reasons = try t.store.read { db in try String.fetchAll(db, sql: "SELECT flag_reason FROM charges ORDER BY line") }
        #expect(reasons == ["period_mismatch", "tag_conflict:pi_email"])
    }

    @Test func malformedTagsAreAnInputErrorNamingFileLineAndColumn() throws {
        let t = try TestLedger()
        let file = try t.file("aws_bad.csv", [TestLedger.row(), TestLedger.row(resource: "r-2", tags: #"{"pi_email": "a@uni.edu",}"#)])
        let errors = TestLedger.ErrorLog()
        let report = try t.ingest([file], errors: errors)
        #expect(!report.committed)
        #expect(errors.all.count == 1)
        let error = try #require(errors.all.first)
        #expect(error.file.hasSuffix("aws_bad.csv"))
        #expect(error.line == 3)
        #expect(error.column == "Tags")
        #expect(error.message.hasSuffix("(invalid JSON at character 26: expected a string key)"))
    }

    /// A FOCUS file converted from Azure's actual-cost export keeps that
    /// export's brace-less Tags cells; the mapped tags are found all the same.
    @Test func braceLessTagsIngest() throws {
        let t = try TestLedger()
        let file = try t.file("aws_azure_converted.csv", [
            TestLedger.row(tags: #""pi_email": "ada@uni.edu","project_id": "p1","fund_org": "123456-1000","env": "prod""#),
        ])
        let report = try t.ingest([file])
        #expect(report.committed)
        #expect(try t.count("SELECT COUNT(*) FROM charges WHERE pi_email = 'ada@uni.edu' AND review_status = 'none'") == 1)
    }

    /// The FinOps Foundation's FOCUS 1.0 sample (focus_sample.csv) as its
    /// shape is documented: its header (with the sandbox's `Id` column), dates
    /// with a space and no zone, 11-decimal amounts, `NULL`, a null
    /// ContractedCost, and Tags as MySQL writes JSON, with "org" and " org".
    /// The real file, when present, is `FinOpsSampleFileTests`.
    @Test func rowsShapedLikeTheFOCUS10SampleIngest() throws {
        let header = "AvailabilityZone,BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,"
            + "ChargeCategory,ChargeClass,ChargeDescription,ChargeFrequency,ChargePeriodEnd,ChargePeriodStart,CommitmentDiscountCategory,"
            + "CommitmentDiscountId,CommitmentDiscountName,CommitmentDiscountStatus,CommitmentDiscountType,ConsumedQuantity,ConsumedUnit,"
            + "ContractedCost,ContractedUnitPrice,EffectiveCost,InvoiceIssuerName,ListCost,ListUnitPrice,PricingCategory,PricingQuantity,"
            + "PricingUnit,ProviderName,PublisherName,RegionId,RegionName,ResourceId,ResourceName,ResourceType,ServiceCategory,Id,"
            + "ServiceName,SkuId,SkuPriceId,SubAccountId,SubAccountName,Tags"
        func row(_ billed: String, contracted: String, tags: String, id: Int) -> String {
            let cells = ["NULL", billed, "8611537", "Trey Research", "USD", "2024-10-01 00:00:00", "2024-09-01 00:00:00", "Usage", "NULL",
                         "Hot LRS Write Operations", "Usage-Based", "2024-09-05 00:00:00", "2024-09-04 00:00:00", "NULL", "NULL", "NULL",
                         "NULL", "NULL", "0.000400000000000", "10K", contracted, "0.10000000000", billed, "Microsoft", "0.00004000000",
                         "0.1", "Standard", "0.00040000000", "10K", "Microsoft", "Microsoft", "eastus", "East US",
                         "/subscriptions/x/resourcegroups/rg/providers/microsoft.storage/storageaccounts/sa1", "sa1", "Storage account",
                         "Storage", String(id), "Storage", "DZH318Z0BP04", "DZH318Z0BP04/00CQ", "/subscriptions/x", "Trey Research IT", tags]
            return cells.map(TestLedger.csv).joined(separator: ",")
        }
        let t = try TestLedger()
        _ = try SourceRegistry(store: t.store).add(name: "focus-sample", displayName: nil, actor: "tester")
        let file = try t.file("focus_sample_like.csv", [
            row("0.00004000000", contracted: "0.00004000000", tags: #"{"env": "prod", "org": "trey", " org": "trey research"}"#, id: 1),
            row("0.00000000050", contracted: "NULL", tags: #"{"org": "", " org": "trey", "CostCenter": "1234"}"#, id: 2),
            row("12.34567890123", contracted: "12.34567890123", tags: "NULL", id: 3),
        ], header: header)
        let errors = TestLedger.ErrorLog()
        let report = try t.ingest([file], source: "focus-sample", errors: errors)
        #expect(errors.all.map(\.description) == [])
        #expect(report.committed)
        #expect(report.inserted == 3)
        #expect(report.periods.map(\.period.description) == ["2024-09"])
        // 0.0000000005 rounds half-to-even to 0; 12.34567890123 to 12.345678901.
        #expect(report.periods.first?.billed == MoneySum(nanos: 40_000 + 0 + 12_345_678_901))
        #expect(try t.count("SELECT COUNT(*) FROM charges WHERE flag_reason = 'missing_pi'") == 3)
        #expect(try Reconciler(store: t.store).reconcile(BillingPeriod("2024-09")!).balances)
    }
}

@Suite("MappedTagsMemo")
struct MappedTagsMemoTests {
    /// Remembered or not, every cell gets its own fields: the same parsed
    /// object is looked up, another object (even in a shared slot) resolved.
    @Test func rememberedResultsAreThoseOfTheirOwnCell() throws {
        let keys = TagKeyMatcher(TagMapping())
        let cells = (0..<200).map { #"{"pi_email":"pi\#($0 % 7)@uni.edu","project_id":"p\#($0)","PI_EMAIL":"pi\#($0 % 5)@uni.edu"}"# }
        let parsed = try cells.map { try FocusTags(parsing: $0) }
        for slots in [0, 1, 8, 4096] {
            var memo = MappedTagsMemo(slots: slots)
            for round in 0..<3 {
                for (n, tags) in parsed.enumerated() {
                    let expected = keys.resolve(tags)
                    #expect(memo.resolve(tags, with: keys) == expected, "slots \(slots) round \(round) cell \(n)")
                    // A fresh parse of the same text is a different object with the same answer.
                    #expect(memo.resolve(try FocusTags(parsing: cells[n]), with: keys) == expected)
                }
            }
        }
        #expect(keys.resolve(parsed[1]).conflict == nil)  // pi1 twice
        #expect(keys.resolve(parsed[5]).conflict == "pi_email")  // pi5 and pi0
    }
}
