import Foundation
import GRDB
import PropertyBased
import Testing
@testable import ChargebackCore

// MARK: - Accounts

@Suite struct JournalAccountTests {
    @Test func tagBeatsSourceBeatsDefault() throws {
        let config = try JF.config { $0.journal.defaultAccount = "74000"; $0.imports.knownSources[1].accountCode = nil }
        let accounts = JournalAccounts(config: config)
        #expect(accounts.debitAccount(tag: "75555", source: "aws") == "75555")
        #expect(accounts.debitAccount(tag: "", source: "aws") == "74100")
        #expect(accounts.debitAccount(tag: "", source: "hpc") == "74000")
        #expect(accounts.debitAccount(tag: "", source: "unknown") == "74000")
        #expect(accounts.debitAccount(tag: " 75555 ", source: "aws") == "75555")
        #expect(accounts.creditAccount(source: "aws") == "74100")
        #expect(accounts.creditAccount(source: "hpc") == "74000")

        // The same through the builder: three charges, three accounts, three debit lines.
        let e = JF.build([JF.statement(JF.ada, [
            JF.line("1.00", source: "aws", account: "75555"),
            JF.line("2.00", source: "aws"),
            JF.line("4.00", source: "hpc"),
        ])], config: config)
        #expect(e.problems.isEmpty)
        let debits = JF.debits(e).map { "\($0.source) \($0.account) \($0.cents)" }
        #expect(debits == ["aws 74100 200", "aws 75555 100", "hpc 74000 400"])
        // A source's credit goes to its own account whatever its charges' tags said.
        #expect(JF.credits(e).map { "\($0.source) \($0.account) \($0.cents)" } == ["aws 74100 300", "hpc 74000 400"])
    }

    @Test(arguments: ["", " ", "   ", "\t", " \t ", "\n", " \r\n "])
    func blankTagFallsThrough(tag: String) throws {
        let accounts = JournalAccounts(config: try JF.config { $0.journal.defaultAccount = "74000" })
        #expect(accounts.debitAccount(tag: tag, source: "aws") == "74100")
        #expect(accounts.debitAccount(tag: tag, source: "elsewhere") == "74000")
    }

    @Test func noAccountAnywhereIsAProblemNamingSourceAndPIs() throws {
        let config = try JF.config { $0.imports.knownSources[1].accountCode = nil }
        #expect(config.journal.defaultAccount == nil)
        let e = JF.build([
            JF.statement(JF.ada, [JF.line("1.00", source: "hpc"), JF.line("1.00", source: "aws")]),
            JF.statement(JF.bob, [JF.line("2.00", source: "hpc")]),
            // A tag rescues cyd's hpc charge.
            JF.statement(JF.cyd, [JF.line("3.00", source: "hpc", account: "76000")]),
        ], config: config)
        #expect(e.problems.contains(.chargesWithoutAccount(source: "hpc", piEmails: [JF.ada, JF.bob])))
        #expect(e.problems.contains(.sourceWithoutAccount(source: "hpc")))
        #expect(!e.problems.contains { if case .chargesWithoutAccount(let s, _) = $0 { s == "aws" } else { false } })
        #expect(e.problems.count == 2)
        let error = try #require(throws: JournalError.self) { try e.requireWritable() }
        #expect(error.problems == e.problems)
        #expect(error.description.contains("\"hpc\""))
        #expect(error.description.contains(JF.ada) && error.description.contains(JF.bob))
        #expect(!error.description.contains(JF.cyd))
    }
}

// MARK: - Fund/org parts and regexes

@Suite struct JournalRegexTests {
    static let fundOrg = "^(?P<fund>\\d{6})-(?P<orgn>\\d{4})$"

    @Test func namedGroupsBecomeFundOrgParts() throws {
        let config = try JF.config { $0.journal.fundOrgRegex = try ConfigRegex(Self.fundOrg) }
        let e = JF.build([JF.statement(JF.ada, [JF.line("1.00", fundOrg: "123456-1000")])], config: config)
        #expect(e.problems.isEmpty)
        let debit = try #require(JF.debits(e).first)
        #expect(debit.fundOrgParts == ["fund": "123456", "orgn": "1000"])
        let credit = try #require(JF.credits(e).first)
        #expect(credit.fundOrg == "100000-9100")
        #expect(credit.fundOrgParts == ["fund": "100000", "orgn": "9100"])
    }

    @Test func pythonGroupNamesWithUnderscoresSurvive() throws {
        let config = try JF.config { $0.journal.fundOrgRegex = try ConfigRegex("^(?P<fund_code>\\d{6})-(?P<org_unit>\\d{4})$") }
        let e = JF.build([JF.statement(JF.ada, [JF.line("1.00", fundOrg: "654321-0042")])], config: config)
        #expect(JF.debits(e).first?.fundOrgParts == ["fund_code": "654321", "org_unit": "0042"])
    }

    @Test func withoutARegexTheWholeStringIsTheFund() throws {
        let e = JF.build([JF.statement(JF.ada, [JF.line("1.00", fundOrg: "anything-at-all")])], config: try JF.config())
        #expect(e.problems.isEmpty)
        #expect(JF.debits(e).first?.fundOrgParts == ["fund": "anything-at-all"])
    }

    @Test func unmatchedFundOrgListsEveryPIUsingIt() throws {
        // Orgn first, so "the first named group" is not simply "fund".
        let regex = "^(?P<orgn>\\d{4})/(?P<fund>\\d{6})$"
        let config = try JF.config {
            $0.journal.fundOrgRegex = try ConfigRegex(regex)
            $0.imports.knownSources[0].fundOrg = "9100/100000"
            $0.imports.knownSources[1].fundOrg = "9300/100000"
        }
        let statements = [
            JF.statement(JF.ada, [JF.line("1.00", fundOrg: "BAD-1"), JF.line("1.00", source: "hpc", fundOrg: "1000/123456")]),
            JF.statement(JF.bob, [JF.line("2.00", source: "hpc", fundOrg: "BAD-1")]),
            JF.statement(JF.cyd, [JF.line("3.00", fundOrg: "1000/123456"), JF.line("0.50", fundOrg: "BAD-1")]),
        ]
        let e = JF.build(statements, config: config)
        // One line (aws) carries ada and cyd, another (hpc) bob: all three are named, once.
        #expect(e.problems == [.unparsedFundOrg(fundOrg: "BAD-1", usedBy: [JF.ada, JF.bob, JF.cyd], regex: regex)])
        #expect(throws: JournalError.self) { try e.requireWritable() }
        #expect(JF.debits(e).first { $0.fundOrg == "1000/123456" }?.fundOrgParts == ["orgn": "1000", "fund": "123456"])

        // Split per PI, the fund/org is on two lines: still one problem naming both.
        let perPI = try JF.config {
            $0 = config
            $0.journal.debitDescription = "{pi_email}"
        }
        let split = JF.build(statements, config: perPI)
        #expect(JF.debits(split).filter { $0.fundOrg == "BAD-1" }.count == 3)
        #expect(split.problems == [.unparsedFundOrg(fundOrg: "BAD-1", usedBy: [JF.ada, JF.bob, JF.cyd], regex: regex)])

        // --allow-unparsed: no problem, the whole string in the first named group.
        let allowed = JF.build(statements, config: config, allowUnparsed: true)
        #expect(allowed.problems.isEmpty)
        let bad = JF.debits(allowed).filter { $0.fundOrg == "BAD-1" }
        #expect(bad.count == 2)  // aws and hpc
        #expect(bad.allSatisfy { $0.fundOrgParts == ["orgn": "BAD-1"] })
        JF.checkInvariants(allowed, statements)
    }

    @Test func unmatchedCreditFundOrgNamesTheSource() throws {
        let config = try JF.config {
            $0.journal.fundOrgRegex = try ConfigRegex(Self.fundOrg)
            $0.imports.knownSources[1].fundOrg = "HPC-FUND"  // bypasses config validation on purpose
        }
        let e = JF.build([JF.statement(JF.ada, [JF.line("1.00", source: "hpc")])], config: config)
        #expect(e.problems == [.unparsedFundOrg(fundOrg: "HPC-FUND", usedBy: ["source hpc"], regex: Self.fundOrg)])
    }

    @Test func invalidAccountNamesFundOrgsAndPIs() throws {
        let regex = "^\\d{5}$"
        let config = try JF.config { $0.journal.accountCodeRegex = try ConfigRegex(regex) }
        let statements = [
            JF.statement(JF.ada, [JF.line("1.00", fundOrg: JF.f1, account: "7410X"), JF.line("1.00", fundOrg: JF.f1)]),
            JF.statement(JF.bob, [JF.line("2.00", fundOrg: JF.f2, account: "7410X")]),
            JF.statement(JF.cyd, [JF.line("2.00", fundOrg: JF.f3, account: "75000"), JF.line("0.25", fundOrg: JF.f1, account: "7410X")]),
        ]
        let e = JF.build(statements, config: config)
        #expect(e.problems == [.invalidAccount(account: "7410X", fundOrgs: [JF.f1, JF.f2], usedBy: [JF.ada, JF.bob, JF.cyd], regex: regex)])
        let error = try #require(throws: JournalError.self) { try e.requireWritable() }
        #expect(error.description.contains("--allow-unparsed"))

        let allowed = JF.build(statements, config: config, allowUnparsed: true)
        #expect(allowed.problems.isEmpty)
        #expect(JF.debits(allowed).filter { $0.account == "7410X" }.map(\.fundOrg) == [JF.f1, JF.f2])
        JF.checkInvariants(allowed, statements)
    }

    @Test func invalidSourceAccountIsReportedForItsCredit() throws {
        let config = try JF.config {
            $0.journal.accountCodeRegex = try ConfigRegex("^\\d{5}$")
            $0.imports.knownSources[0].accountCode = "AWS"
        }
        let e = JF.build([JF.statement(JF.ada, [JF.line("1.00", account: "75000")])], config: config)
        #expect(e.problems == [.invalidAccount(account: "AWS", fundOrgs: ["100000-9100"], usedBy: ["source aws"], regex: "^\\d{5}$")])
    }
}

// MARK: - Descriptions

@Suite struct JournalDescriptionTests {
    static func text(_ template: String, width: Int = 35, source: String = "aws", fundOrg: String = JF.f1,
                     pi: String = JF.ada, project: String = "p1") -> String {
        JournalDescription(template: template, width: width)
            .text(source: source, period: JF.period, fundOrg: fundOrg, piEmail: pi, projectId: project)
    }

    @Test func placeholdersAreFilled() {
        #expect(Self.text("{source} {period} {fund_org}", width: 100) == "aws 2026-10 123456-1000")
        #expect(Self.text("{pi_email}/{project_id}", width: 100) == "ada@uni.edu/p1")
        // Unknown placeholders and stray braces stay as written.
        #expect(Self.text("{nope} { period} {period", width: 100) == "{nope} { period} {period")
        #expect(Self.text("{{period}}", width: 100) == "{2026-10}")
        #expect(Self.text("}{source}{", width: 100) == "}aws{")
    }

    @Test func aValueContainingAPlaceholderStaysLiteral() {
        #expect(Self.text("{project_id} {period}", width: 100, project: "{period}") == "{period} 2026-10")
        #expect(Self.text("{fund_org}|{pi_email}", width: 100, fundOrg: "{pi_email}", pi: "x@y") == "{pi_email}|x@y")
    }

    @Test func controlCharactersBecomeSpaces() {
        let out = Self.text("{fund_org}", width: 100, fundOrg: "12\n34\t56\r78\u{0}9\u{7F}!")
        #expect(out == "12 34 56 78 9 !")
        // CR LF is one Character but two control scalars: two spaces, still one line.
        #expect(Self.text("a\r\nb{source}", width: 100) == "a  baws")
    }

    @Test func unicodeLineAndParagraphSeparatorsBecomeSpaces() {
        #expect(Self.text("{fund_org}", width: 100, fundOrg: "a\u{2028}b\u{2029}c\u{85}d") == "a b c d")
    }

    @Test func cutToWidth() {
        let long = "{source} charges for {period} to fund/org {fund_org}"
        let full = "aws charges for 2026-10 to fund/org 123456-1000"
        #expect(Self.text(long, width: 1000) == full)
        #expect(Self.text(long, width: 10) == String(full.prefix(10)))
        #expect(Self.text(long, width: 10).count == 10)
        // Width counts characters, not bytes.
        #expect(Self.text("ééééé{source}", width: 6) == "éééééa")
    }

    @Test func builderUsesTheConfiguredWidth() throws {
        let long = "{source} charges for {period} to fund/org {fund_org}"
        let full = "aws charges for 2026-10 to fund/org 123456-1000"
        let statements = [JF.statement(JF.ada, [JF.line("1.00")])]
        let byDefault = JF.build(statements, config: try JF.config { $0.journal.debitDescription = long })
        #expect(JournalConfig().descriptionWidth == 35)
        #expect(JF.debits(byDefault).first?.description == String(full.prefix(35)))
        #expect(full.count > 35)

        let narrow = JF.build(statements, config: try JF.config {
            $0.journal.debitDescription = long
            $0.journal.creditDescription = "{source} recovery {period} for the whole institution"
            $0.journal.descriptionWidth = 12
        })
        #expect(JF.debits(narrow).first?.description == "aws charges ")
        #expect(JF.credits(narrow).first?.description == "aws recovery")
    }

    @Test func defaultDescriptions() throws {
        let e = JF.build([JF.statement(JF.ada, [JF.line("1.00")])], config: try JF.config())
        #expect(JF.debits(e).map(\.description) == ["aws charges 2026-10"])
        #expect(JF.credits(e).map(\.description) == ["aws recovery 2026-10"])
    }

    /// Two PIs, three projects, all on one fund/org and source.
    static let shared = [
        JF.statement(JF.ada, [JF.project("p1", pi: JF.ada, [JF.line("1.00")]), JF.project("p2", pi: JF.ada, [JF.line("2.00")])]),
        JF.statement(JF.bob, [JF.project("p1", pi: JF.bob, [JF.line("4.00")])]),
    ]

    @Test func oneLinePerFundOrgSourceAccountByDefault() throws {
        let e = JF.build(Self.shared, config: try JF.config())
        let debits = JF.debits(e)
        #expect(debits.count == 1)
        #expect(debits.first?.cents == 700)
        #expect(debits.first?.piEmails == [JF.ada, JF.bob])
        #expect(debits.first?.projectIds == ["p1", "p2"])
        #expect(debits.first?.charges == 3)
        JF.checkInvariants(e, Self.shared)
    }

    @Test func naming_pi_emailSplitsDebitsPerPI() throws {
        let e = JF.build(Self.shared, config: try JF.config { $0.journal.debitDescription = "{source} {pi_email}" })
        let debits = JF.debits(e)
        #expect(debits.map(\.piEmails) == [[JF.ada], [JF.bob]])
        #expect(debits.map(\.cents) == [300, 400])
        #expect(debits.map(\.description) == ["aws ada@uni.edu", "aws bob@uni.edu"])
        // Still one credit per source.
        #expect(JF.credits(e).map(\.cents) == [700])
        JF.checkInvariants(e, Self.shared)
    }

    @Test func naming_project_idSplitsDebitsPerProject() throws {
        let e = JF.build(Self.shared, config: try JF.config { $0.journal.debitDescription = "{project_id}" })
        let debits = JF.debits(e)
        // p1 of ada and p1 of bob share a line: the key is the project id, not the PI.
        #expect(debits.map(\.description) == ["p1", "p2"])
        #expect(debits.map(\.cents) == [500, 200])
        #expect(debits.map(\.piEmails) == [[JF.ada, JF.bob], [JF.ada]])
        JF.checkInvariants(e, Self.shared)
    }

    @Test func creditDescriptionNamingPIDoesNotSplitCredits() throws {
        let e = JF.build(Self.shared, config: try JF.config { $0.journal.creditDescription = "{source} {pi_email}|" })
        #expect(JF.debits(e).count == 1)
        #expect(JF.credits(e).map(\.description) == ["aws |"])
    }
}

// MARK: - Missing fund/orgs

@Suite struct JournalMissingFundOrgTests {
    @Test func sourceWithoutFundOrgBlocksTheJournal() throws {
        let config = try JF.config { $0.imports.knownSources[0].fundOrg = nil }
        let e = JF.build([JF.statement(JF.ada, [JF.line("1.00"), JF.line("1.00", source: "hpc")])], config: config)
        #expect(e.problems == [.sourceWithoutFundOrg(source: "aws")])
        let error = try #require(throws: JournalError.self) { try e.requireWritable() }
        #expect(error.period == JF.period)
        #expect(error.problems == [.sourceWithoutFundOrg(source: "aws")])
        #expect(error.description.contains("source \"aws\" has no fund/org"))
        #expect(error.description.contains("2026-10"))
        #expect(!error.description.contains("--allow-unparsed"))
        // --allow-unparsed does not excuse it.
        #expect(JF.build([JF.statement(JF.ada, [JF.line("1.00")])], config: config, allowUnparsed: true).problems
            == [.sourceWithoutFundOrg(source: "aws")])
    }

    @Test func unconfiguredSourceHasNeitherFundOrgNorAccount() throws {
        let e = JF.build([JF.statement(JF.ada, [JF.line("1.00", source: "gcp")])], config: try JF.config())
        #expect(e.problems.contains(.sourceWithoutFundOrg(source: "gcp")))
        #expect(e.problems.contains(.sourceWithoutAccount(source: "gcp")))
        #expect(e.problems.contains(.chargesWithoutAccount(source: "gcp", piEmails: [JF.ada])))
        #expect(e.problems.count == 3)
        #expect(JF.credits(e).first?.sourceTitle == "gcp")
    }

    @Test func chargesWithoutFundOrgAreCountedWithTheirPIs() throws {
        let e = JF.build([
            JF.statement(JF.ada, [JF.line("1.00", fundOrg: ""), JF.line("2.00", fundOrg: ""), JF.line("3.00")]),
            JF.statement(JF.bob, [JF.line("4.00", source: "hpc", fundOrg: "")]),
            JF.statement(JF.cyd, [JF.line("5.00")]),
        ], config: try JF.config())
        #expect(e.problems == [.chargesWithoutFundOrg(piEmails: [JF.ada, JF.bob], charges: 3)])
        let error = try #require(throws: JournalError.self) { try e.requireWritable() }
        #expect(error.description.contains("3 charges with no fund/org"))
    }

    @Test func aWritableJournalDoesNotThrow() throws {
        let e = JF.build([JF.statement(JF.ada, [JF.line("1.00")])], config: try JF.config())
        #expect(e.problems.isEmpty)
        try e.requireWritable()
    }
}

// MARK: - Balance and reconciliation

@Suite struct JournalBalanceTests {
    @Test func halfCentsFromTwoSourcesAreRoundedOncePerStatement() throws {
        let lines = [JF.line("0.005", source: "aws"), JF.line("0.005", source: "hpc")]
        let statements = [JF.statement(JF.ada, lines)]
        // Rounding each part would debit 2 cents for a statement of 1 cent.
        #expect(lines.reduce(Int64(0)) { $0 + $1.billed.roundedToCents() } == 2)
        #expect(statements[0].projects[0].totals.billed.roundedToCents() == 1)

        let e = JF.build(statements, config: try JF.config())
        #expect(e.problems.isEmpty)
        // The tie goes to the earlier part (aws); hpc's share is zero and posts nothing.
        #expect(e.lines.map { "\($0.side) \($0.source) \($0.cents)" } == ["debit aws 1", "credit aws 1"])
        #expect(e.netDebitByFundOrg == [JF.f1: 1])
        #expect(e.totalDebitCents == 1 && e.totalCreditCents == 1)
        JF.checkInvariants(e, statements)
    }

    @Test func manyProjectsAndFundOrgsReconcile() throws {
        // Three PIs; every project sits on one fund/org, each of which gets
        // several projects with amounts whose part-wise rounding disagrees
        // with the statement's.
        let statements = [
            JF.statement(JF.ada, [
                JF.project("p1", pi: JF.ada, [JF.line("0.005", fundOrg: JF.f1), JF.line("0.005", source: "hpc", fundOrg: JF.f1),
                                              JF.line("1.115", source: "hpc", fundOrg: JF.f1)]),
                JF.project("p2", pi: JF.ada, [JF.line("2.225", fundOrg: JF.f2), JF.line("3.335", source: "hpc", fundOrg: JF.f2)]),
            ]),
            JF.statement(JF.bob, [
                JF.project("p1", pi: JF.bob, [JF.line("0.004", fundOrg: JF.f1), JF.line("0.004", source: "hpc", fundOrg: JF.f1),
                                              JF.line("0.004", fundOrg: JF.f1, account: "75000")]),
            ]),
            JF.statement(JF.cyd, [
                JF.project("p9", pi: JF.cyd, [JF.line("10.001", fundOrg: JF.f2), JF.line("-0.006", source: "hpc", fundOrg: JF.f2)]),
            ]),
        ]
        // Rounding each charge would miss every one of these statements by a cent.
        for project in statements.flatMap(\.projects) {
            let naive = project.lines.reduce(Int64(0)) { $0 + $1.billed.roundedToCents() }
            #expect(naive != project.totals.billed.roundedToCents(), "\(project.projectId)")
        }

        let e = JF.build(statements, config: try JF.config())
        #expect(e.problems.isEmpty)
        JF.checkInvariants(e, statements)
        // Per fund/org: the sum of the statements billed to it, each rounded once.
        for fundOrg in [JF.f1, JF.f2] {
            let expected = statements.flatMap(\.projects).filter { $0.fundOrgs == [fundOrg] }
                .reduce(Int64(0)) { $0 + $1.totals.billed.roundedToCents() }
            #expect(e.netDebitByFundOrg[fundOrg] == expected)
        }
        // By hand: f1 = 1.125 → 113 plus 0.012 → 1; f2 = 5.56 → 556 plus 9.995 → 1000.
        #expect(e.netDebitByFundOrg == [JF.f1: 114, JF.f2: 1556])
        // The shares, by largest remainder within each statement:
        //   ada p1: aws 0.005 | hpc 1.12        → 113: floors 0, 112; the cent to aws → 1, 112
        //   ada p2: aws 2.225 | hpc 3.335       → 556: floors 222, 333; tie, earlier → 223, 333
        //   bob p1: aws 0.004 | hpc 0.004 | aws/75000 0.004 → 1: tie, earlier → 1, 0, 0
        //   cyd p9: aws 10.001 | hpc −0.006     → 1000: floors 1000, −1; remainders 0.1 < 0.4 of a cent → 1000, 0
        #expect(e.lines.map { "\($0.side) \($0.fundOrg) \($0.source) \($0.account) \($0.cents)" } == [
            "debit \(JF.f1) aws 74100 2",
            "debit \(JF.f1) hpc 74300 112",
            "debit \(JF.f2) aws 74100 1223",
            "debit \(JF.f2) hpc 74300 333",
            "credit 100000-9100 aws 74100 1225",
            "credit 100000-9300 hpc 74300 445",
        ])
        #expect(e.totalDebitCents == 1670)
    }

    @Test func refundLineLandsInTheCreditColumn() throws {
        let statements = [
            JF.statement(JF.ada, [JF.line("5.00", fundOrg: JF.f1)]),
            JF.statement(JF.bob, [JF.line("-3.00", fundOrg: JF.f2)]),
        ]
        let e = JF.build(statements, config: try JF.config())
        #expect(e.problems.isEmpty)
        let refund = try #require(JF.debits(e).first { $0.fundOrg == JF.f2 })
        #expect(refund.side == .debit)
        #expect(refund.cents == -300)
        #expect(refund.debitColumnCents == 0)
        #expect(refund.creditColumnCents == 300)
        let credit = try #require(JF.credits(e).first)
        #expect(credit.cents == 200)
        #expect(e.totalDebitCents == 500)
        #expect(e.totalCreditCents == 500)
        #expect(e.netDebitByFundOrg == [JF.f1: 500, JF.f2: -300])
        JF.checkInvariants(e, statements)
    }

    @Test func aSourceOfOnlyRefundsHasItsCreditInTheDebitColumn() throws {
        let statements = [JF.statement(JF.ada, [JF.line("2.00"), JF.line("-1.25", source: "hpc", fundOrg: JF.f2)])]
        let e = JF.build(statements, config: try JF.config())
        let hpc = try #require(JF.credits(e).first { $0.source == "hpc" })
        #expect(hpc.cents == -125)
        #expect(hpc.debitColumnCents == 125)
        #expect(hpc.creditColumnCents == 0)
        #expect(e.totalDebitCents == 200 + 125)
        #expect(e.totalCreditCents == 125 + 200)
        JF.checkInvariants(e, statements)
    }

    @Test func linesNettingToZeroAreOmittedButTheirChargesCount() throws {
        let statements = [
            // ada's charge and refund cancel on f1.
            JF.statement(JF.ada, [JF.line("2.00", fundOrg: JF.f1), JF.line("-2.00", fundOrg: JF.f1)]),
            JF.statement(JF.bob, [JF.line("1.00", fundOrg: JF.f2)]),
            // cyd's two projects cancel each other on f3 for hpc.
            JF.statement(JF.cyd, [JF.project("a", pi: JF.cyd, [JF.line("0.75", source: "hpc", fundOrg: JF.f3)]),
                                  JF.project("b", pi: JF.cyd, [JF.line("-0.75", source: "hpc", fundOrg: JF.f3)])]),
        ]
        let e = JF.build(statements, config: try JF.config())
        #expect(e.problems.isEmpty)
        #expect(e.lines.map { "\($0.side) \($0.fundOrg) \($0.source) \($0.cents)" } == ["debit \(JF.f2) aws 100", "credit 100000-9100 aws 100"])
        #expect(JF.credits(e).first?.charges == 3)
        #expect(JF.credits(e).first?.piEmails == [JF.ada, JF.bob])
        // The statements still have their (zero) allocations.
        #expect(e.allocations.map(\.cents) == [0, 100, 75, -75])
        JF.checkInvariants(e, statements)
    }

    @Test func anUnmatchedFundOrgIsReportedEvenWhenItsLineNetsToZero() throws {
        let config = try JF.config { $0.journal.fundOrgRegex = try ConfigRegex("^\\d{6}-\\d{4}$") }
        let statements = [JF.statement(JF.ada, [JF.line("2.00", fundOrg: "BAD-1"), JF.line("-2.00", fundOrg: "BAD-1")])]
        let e = JF.build(statements, config: config)
        #expect(e.lines.isEmpty)
        #expect(e.problems.contains { if case .unparsedFundOrg("BAD-1", [JF.ada], _) = $0 { true } else { false } })
    }

    @Test func aProjectOnTwoFundOrgsIsSplitByAllocation() throws {
        let statements = [JF.statement(JF.ada, [JF.line("0.005", fundOrg: JF.f1), JF.line("0.005", fundOrg: JF.f2),
                                                 JF.line("0.005", fundOrg: JF.f3)])]
        let e = JF.build(statements, config: try JF.config())
        // 0.015 → 2 cents, to the first two parts.
        #expect(e.allocations.map { "\($0.fundOrg) \($0.cents) \($0.totals.rows)" } == ["\(JF.f1) 1 1", "\(JF.f2) 1 1", "\(JF.f3) 0 1"])
        #expect(e.netDebitByFundOrg == [JF.f1: 1, JF.f2: 1])
        JF.checkInvariants(e, statements)
    }

    @Test func randomStatementsAlwaysBalance() async {
        let amounts = Gen.int64(in: -3_000_000_000...9_000_000_000).array(of: 1...40)
        await propertyCheck(count: 150, input: amounts) { raw in
            let pis = [JF.ada, JF.bob, JF.cyd]
            let funds = [JF.f1, JF.f2, JF.f3]
            let sources = ["aws", "hpc"]
            var lines: [String: [String: [StatementReport.Line]]] = [:]
            for (i, n) in raw.enumerated() {
                let nanos = n % 4 == 0 ? (n / 4 % 1_000) * 5_000_000 : n
                let pi = pis[i % 3], project = "p\(i % 2)"
                let line = StatementReport.Line(
                    date: "2026-10-01", source: sources[Int(n.magnitude % 2)], service: "s", resourceId: "r", resourceName: "n",
                    description: "", fundOrg: funds[(i / 3 + Int(n.magnitude % 3)) % 3], accountCode: n.magnitude % 5 == 0 ? "75000" : "",
                    reviewStatus: "none", kind: .charge, list: Money(nanos: nanos), contracted: Money(nanos: nanos), billed: Money(nanos: nanos))
                lines[pi, default: [:]][project, default: []].append(line)
            }
            let statements = lines.keys.sorted().map { pi in
                JF.statement(pi, lines[pi, default: [:]].keys.sorted().map { JF.project($0, pi: pi, lines[pi]?[$0] ?? []) })
            }
            for description in ["{source}", "{pi_email} {project_id}"] {
                let e = JF.build(statements, config: try JF.config { $0.journal.debitDescription = description })
                #expect(e.problems.isEmpty)
                JF.checkInvariants(e, statements)
            }
        }
    }

    /// The same through the ledger: ingested FOCUS rows, statements loaded from it.
    @Test func ingestedStatementsBalanceToTheCent() throws {
        let t = try TestLedger(configYAML: """
            currency: USD
            database:
              path: ./ledger.sqlite
            review:
              fund_org_patterns: ['^\\d{6}-\\d{4}$']
            imports:
              known_sources:
                - name: aws
                  pattern: '^aws[_-].*\\.csv$'
                  fund_org: "100000-9100"
                  account_code: "74100"
                - name: hpc
                  pattern: '^hpc[_-].*\\.csv$'
                  fund_org: "100000-9300"
                  account_code: "74300"
            journal:
              fund_org_regex: '^(?P<fund>\\d{6})-(?P<orgn>\\d{4})$'
              account_code_regex: '^\\d{5}$'
            output:
              rejects_dir: ./rejects
            """)
        func tags(_ pi: String, _ project: String, _ fundOrg: String, account: String? = nil) -> String {
            #"{"pi_email":"\#(pi)","project_id":"\#(project)","fund_org":"\#(fundOrg)""# + (account.map { #","account_code":"\#($0)""# } ?? "") + "}"
        }
        let aws = try t.file("aws_oct.csv", [
            TestLedger.row(resource: "a1", billed: "0.005", tags: tags(JF.ada, "p1", JF.f1)),
            TestLedger.row(resource: "b1", billed: "1.125", tags: tags(JF.bob, "p2", JF.f2)),
            TestLedger.row(resource: "b2", billed: "-0.50", tags: tags(JF.bob, "p2", JF.f2, account: "75000")),
        ])
        let hpc = try t.file("hpc_oct.csv", [
            TestLedger.row(resource: "a2", billed: "0.005", tags: tags(JF.ada, "p1", JF.f1)),
            TestLedger.row(resource: "b3", billed: "2.335", tags: tags(JF.bob, "p2", JF.f2)),
        ])
        #expect(try t.ingest([aws], source: "aws").committed)
        #expect(try t.ingest([hpc], source: "hpc").committed)
        let statements = try StatementReports(store: t.store).load(JF.period)
        #expect(statements.map(\.piEmail) == [JF.ada, JF.bob])

        let e = JournalBuilder(config: t.config).build(statements, period: JF.period, status: .open)
        #expect(e.problems.isEmpty)
        JF.checkInvariants(e, statements)
        // ada p1: 0.01 → 1 cent, to aws (the earlier part on a tie); hpc's 0 is not posted.
        // bob p2: 1.125 − 0.50 + 2.335 = 2.96 → 296; floors 112, −50, 233 leave one
        // cent, which goes to the larger remainder of aws/74100 over hpc (a tie: earlier part).
        #expect(e.lines.map { "\($0.side) \($0.fundOrg) \($0.source) \($0.account) \($0.cents)" } == [
            "debit \(JF.f1) aws 74100 1",
            "debit \(JF.f2) aws 74100 113",
            "debit \(JF.f2) aws 75000 -50",
            "debit \(JF.f2) hpc 74300 233",
            "credit 100000-9100 aws 74100 64",
            "credit 100000-9300 hpc 74300 233",
        ])
        #expect(e.totalDebitCents == 347 && e.totalCreditCents == 347)
        #expect(e.netDebitByFundOrg == [JF.f1: 1, JF.f2: 296])
        #expect(e.lines.first?.fundOrgParts == ["fund": "123456", "orgn": "1000"])
        #expect(e.lines.last?.fundOrgParts == ["fund": "100000", "orgn": "9300"])
    }
}
