@testable import ChargebackRender
import Testing

/// The text part of an e-mail: readable without any markup.
@Suite struct DocumentPlainTextTests {
    @Test func tablesLineUpNumbersToTheRight() {
        let text = MarkdownPlainText.render("""
            | Project | Statement | Amount due |
            |---|---|--:|
            | genomics-pipeline | S-1 | USD 1,393.90 |
            | lab | S-22 | USD 17.88 |
            | **Total** | | **USD 1,411.78** |
            """)
        #expect(text == """
            Project            Statement    Amount due
            genomics-pipeline  S-1        USD 1,393.90
            lab                S-22          USD 17.88
            Total                         USD 1,411.78

            """)
    }

    @Test func paragraphsListsAndLinks() {
        let text = MarkdownPlainText.render("Dear *PI*,\nsee [your page](https://x.example/p) or <https://x.example/q>.\n\n- one\n- two\n\n1. first\n2. second\n")
        #expect(text == "Dear PI,\nsee your page <https://x.example/p> or https://x.example/q.\n\n- one\n- two\n\n1. first\n2. second\n")
    }

    @Test func templateBlocksReadAsTheWebPage() {
        let text = MarkdownPlainText.render("""
            ::: letterhead
            ![Logo](logo.svg)
            :::

            ::: figures
            List price
            : USD 10.00

            Amount due {.due}
            : USD 8.00
            :::

            ::: pdf-only
            Only in the PDF.
            :::

            ::: downloads
            - [charges.csv](charges.csv) every line
            :::

            ::: chart trend
            Amount due per period.
            :::
            """)
        #expect(text == "List price: USD 10.00\nAmount due: USD 8.00\n\n- charges.csv <charges.csv>: every line\n\nAmount due per period.\n")
    }
}
