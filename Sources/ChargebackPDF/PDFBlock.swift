import ChargebackMarkdown
import ChargebackCharts

/// What a PDF statement is made of, as the document walker hands it to the
/// typesetter: blocks of styled text, lists, tables, rules, images, figure
/// cards and charts. Plain values, no Pango or Cairo types, so either side
/// can be tested alone.
public enum PDFBlock: Sendable, Equatable {
    /// `level` 1…6.
    case heading(level: Int, [PDFSpan])
    case paragraph([PDFSpan])
    /// Each item is one paragraph of spans.
    case list(ordered: Bool, items: [[PDFSpan]])
    case table(PDFTable)
    case rule
    /// An image alone in its paragraph (a letterhead logo).
    case image(PDFImage)
    /// The headline amounts as cards (`::: figures`).
    case figures([PDFFigure])
    /// Terms and their values in two columns (`::: definitions`).
    case definitions([PDFDefinition])
    /// A bar chart drawn on the page, its caption under it (`::: chart NAME`).
    case chart(BarChart, caption: [PDFSpan])
}

/// One card of `::: figures`: a label, the amount, notes under it.
public struct PDFFigure: Sendable, Equatable {
    public var label: [PDFSpan]
    public var value: [PDFSpan]
    public var notes: [[PDFSpan]]
    /// The amount to pay: the largest type, a tinted card with a firm border.
    public var isDue: Bool

    public init(label: [PDFSpan], value: [PDFSpan], notes: [[PDFSpan]] = [], isDue: Bool = false) {
        self.label = label
        self.value = value
        self.notes = notes
        self.isDue = isDue
    }
}

/// One term of `::: definitions` and its values (one line each).
public struct PDFDefinition: Sendable, Equatable {
    public var term: [PDFSpan]
    public var values: [[PDFSpan]]

    public init(term: [PDFSpan], values: [[PDFSpan]]) {
        self.term = term
        self.values = values
    }
}

/// A run of text with one style.
public struct PDFSpan: Sendable, Equatable {
    public var text: String
    public var bold: Bool
    public var italic: Bool
    public var code: Bool
    /// A link target; the text is drawn as a PDF link.
    public var link: String?

    public init(_ text: String, bold: Bool = false, italic: Bool = false, code: Bool = false, link: String? = nil) {
        self.text = text
        self.bold = bold
        self.italic = italic
        self.code = code
        self.link = link
    }
}

/// A GFM table: a header row, body rows, an alignment per column (numbers
/// are right-aligned by the Markdown template's `--:`).
public struct PDFTable: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable {
        case left, center, right
    }

    public var alignments: [Alignment]
    public var header: [[PDFSpan]]
    /// Made as they are read when the document's were (a statement's line items): a long table is
    /// measured and drawn a row at a time, never held whole (`TableLayout`).
    public var rows: TableRows<[[PDFSpan]]>

    public init(alignments: [Alignment], header: [[PDFSpan]], rows: [[[PDFSpan]]]) {
        self.init(alignments: alignments, header: header, rows: TableRows(rows))
    }

    public init(alignments: [Alignment], header: [[PDFSpan]], rows: TableRows<[[PDFSpan]]>) {
        self.alignments = alignments
        self.header = header
        self.rows = rows
    }
}

/// What every page of a statement carries besides its content, and the
/// PDF's own metadata.
public struct PDFDocumentInfo: Sendable, Equatable {
    public enum PageSize: String, Sendable, Equatable {
        case a4, letter

        /// Width and height in points (1/72 inch).
        public var points: (width: Double, height: Double) {
            switch self {
            case .a4: (595.276, 841.89)
            case .letter: (612, 792)
            }
        }
    }

    public var pageSize: PageSize
    /// Margins in points.
    public var margin: Double
    public var title: String
    /// The organisation: the PDF's author and the footer's first part.
    public var organization: String
    public var subject: String
    public var statementId: String
    public var period: String
    /// ISO 8601 (`2026-10-31T00:00:00`), from the data, so two builds give the same bytes.
    public var creationDate: String
    /// A draft period's statement carries a DRAFT watermark on every page.
    public var isDraft: Bool

    public init(pageSize: PageSize = .a4, margin: Double = 56.7, title: String, organization: String, subject: String,
                statementId: String, period: String, creationDate: String, isDraft: Bool) {
        self.pageSize = pageSize
        self.margin = margin
        self.title = title
        self.organization = organization
        self.subject = subject
        self.statementId = statementId
        self.period = period
        self.creationDate = creationDate
        self.isDraft = isDraft
    }
}
