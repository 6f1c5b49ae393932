import Testing
@testable import ChargebackPDF

@Suite struct PangoLinkTests {
    @Test func pangoIsLinked() {
        #expect(PDFStatement.pangoVersion.hasPrefix("1."))
    }
}
