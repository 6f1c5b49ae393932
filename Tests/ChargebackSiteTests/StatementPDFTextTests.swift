import ChargebackCore
import ChargebackRender
@testable import ChargebackSite
import ChargebackTestSupport
import Foundation
import Testing

/// Names in every script and hostile values, from a FOCUS file through the
/// ledger, the statement template and the typesetter: the PDF says them
/// exactly as they were typed, with no missing glyphs and nothing interpreted.
@Suite struct StatementPDFTextTests {
    static let pi = "zoë.lefèvre@northfield.example.edu"
    /// Project ids (in headings, full width) and resource and service names
    /// (short, in table cells).
    static let projects = [
        "Ωmega-lab <script>alert(1)</script>",
        "中文项目 **not bold** | pipe",
        "Кириллица [x](javascript:alert(1)) {{pi}} &amp; =HYPERLINK(\"a\")",
    ]
    static let resources = ["Ελληνικά", "日本語のリソース", "Zoë-Lefèvre"]
    static let services = ["Σύστημα", "計算", "<b>Compute</b>"]

    static func collapsed(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    @Test func everyScriptAndHostileValueComesOutLiterally() throws {
        let site = try SampleSite(periods: [])
        let rows = Self.projects.indices.map { i -> [String] in
            let tags = #"{"pi_email":"\#(Self.pi)","project_id":"\#(Self.projects[i].replacingOccurrences(of: "\"", with: "\\\""))","fund_org":"410233-1001"}"#
            return ["2026-11-01", "2026-12-01", "2026-11-02", "2026-11-03", "USD", Self.services[i], "Usage", "d", "r-\(i)",
                    Self.resources[i], "", "10.00", "10.00", "7.50", "7.50", tags]
        }
        try site.ingest([try site.focusFile("hpc_2026-11.csv", rows: rows)], period: "2026-11")
        try site.build()
        let p = try #require(BillingPeriod("2026-11"))
        let slug = PISlug.make(Self.pi)
        for (i, project) in Self.projects.enumerated() {
            let path = site.site + "/" + SitePaths.statementPDF(slug, p, project: ProjectSlug.make(project))
            let raw = try StatementPDFSiteTests.run("/usr/bin/pdftotext", ["-enc", "UTF-8", path, "-"])
            #expect(raw.status == 0, "\(raw.output)")
            let text = Self.collapsed(raw.output)
            #expect(text.contains("Project " + Self.collapsed(project)), "project \(project) in \(text)")
            #expect(text.contains(Self.resources[i]) && text.contains(Self.services[i]))
            #expect(text.contains(Self.pi))
            #expect(text.contains("USD 7.50"))
            let fonts = try StatementPDFSiteTests.run("/usr/bin/pdffonts", [path]).output
            #expect(fonts.contains("DejaVu"))
            if i == 1 { #expect(fonts.contains("WenQuanYi") || fonts.contains("wqy"), "CJK text uses the CJK font: \(fonts)") }
            #expect(try StatementPDFSiteTests.run("/usr/bin/qpdf", ["--check", path]).status == 0)
        }
    }
}
