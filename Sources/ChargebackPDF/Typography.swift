import CPangoCairo

/// An RGB colour, components 0…1.
struct PDFColor: Equatable {
    var red: Double
    var green: Double
    var blue: Double

    init(_ red: Double, _ green: Double, _ blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    init(gray: Double) {
        self.init(gray, gray, gray)
    }

    /// A component as Pango keeps a colour: 16 bits.
    static func pangoChannel(_ value: Double) -> UInt16 {
        UInt16((min(max(value, 0), 1) * 65535).rounded())
    }

    /// `#rrggbb`, for Pango markup's `foreground`.
    var hex: String {
        func byte(_ value: Double) -> String {
            let clamped = Int((min(max(value, 0), 1) * 255).rounded())
            let digits = String(clamped, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
        return "#" + byte(red) + byte(green) + byte(blue)
    }
}

/// The statement's type scale, colours and spacing in one place, so the
/// look can be tuned without reading the layout code. Sizes are points.
enum Typography {
    static let bodyFamily = "DejaVu Sans"
    static let monoFamily = "DejaVu Sans Mono"
    static let bodySize = 9.5
    /// Tables a little smaller than running text: six columns of amounts
    /// need the width more than the extra half point.
    static let tableSize = 9.0
    /// DejaVu Sans Mono looks larger than DejaVu Sans at the same size.
    static let monoScale = 0.9
    /// Baseline distance as a factor of the font's line height; a little air
    /// for running text, tables stay compact.
    static let bodyLineSpacing: Float = 1.12
    static let tableLineSpacing: Float = 1.0

    /// Size and space around headings by level (1…6; 4…6 share one style).
    static func headingSize(level: Int) -> Double {
        switch level {
        case ...1: 16
        case 2: 12.5
        case 3: 10.5
        default: 9.5
        }
    }

    static func headingSpaceBefore(level: Int) -> Double {
        switch level {
        case ...1: 22
        case 2: 18
        case 3: 12
        default: 10
        }
    }

    static func headingSpaceAfter(level: Int) -> Double {
        switch level {
        case ...1: 8
        case 2: 6
        default: 4
        }
    }

    static let paragraphSpacing = 6.0
    static let listSpacing = 6.0
    static let listItemSpacing = 2.5
    /// Hanging indent of list item bodies; the marker sits in it.
    static let bulletIndent = 14.0
    static let markerGap = 5.0
    static let tableSpacing = 10.0
    static let tableCellPaddingX = 5.0
    static let tableCellPaddingY = 3.6
    /// A text column is never squeezed below this, so words stay readable.
    static let tableMinimumTextColumn = 36.0
    /// A wrapped cell's most lines; more end in "…" (the CSV download has every value whole).
    static let tableCellMaxLines = 12
    static let ruleSpacing = 10.0
    /// A letterhead logo's tallest size (about 14 mm) and the space under it.
    static let imageMaxHeight = 40.0
    static let imageSpaceAfter = 14.0

    /// Figure cards (`::: figures`): the amounts first, the amount due largest.
    static let figureGap = 8.0
    static let figureMinimumWidth = 96.0
    static let figureSpacing = 8.0
    static let figurePadding = 7.0
    static let figureLabelGap = 3.0
    static let figureLabelSize = 7.5
    static let figureValueSize = 12.5
    static let figureDueSize = 17.0
    /// Definition lists (`::: definitions`): the gap after the term column, the space between terms.
    static let definitionGap = 12.0
    static let definitionRowSpacing = 2.0
    /// Charts: the plot's height in chart units (the web page's is 200), their text, the space around them.
    static let chartPlotHeight = 120
    static let chartBarMaxWidth = 42.0
    static let chartTextSize = 7.0
    static let chartSpacing = 10.0
    static let captionSize = 8.0

    static let footerSize = 7.5
    static let footerGap = 12.0
    static let watermarkText = "DRAFT"

    static let text = PDFColor(0.12, 0.13, 0.15)
    static let heading = PDFColor(0.10, 0.16, 0.25)
    static let link = PDFColor(0.08, 0.30, 0.62)
    static let headerBackground = PDFColor(0.925, 0.937, 0.953)
    static let headerRule = PDFColor(0.55, 0.58, 0.62)
    static let rowRule = PDFColor(0.86, 0.87, 0.89)
    static let sectionRule = PDFColor(0.70, 0.73, 0.77)
    static let footer = PDFColor(0.42, 0.44, 0.47)
    static let watermark = PDFColor(gray: 0.93)
    static let figureLabel = PDFColor(0.36, 0.39, 0.44)
    static let figureBackground = PDFColor(0.965, 0.969, 0.976)
    static let figureDueBackground = PDFColor(0.91, 0.94, 0.98)
    static let chartBar = PDFColor(0.55, 0.63, 0.74)
    static let chartSecondary = PDFColor(0.80, 0.83, 0.87)
    static let chartCurrent = PDFColor(0.10, 0.28, 0.52)
}

/// The font descriptions one document uses, parsed once per render rather
/// than per paragraph or cell.
final class FontSet {
    let body: OpaquePointer
    let bodyBold: OpaquePointer
    let table: OpaquePointer
    let tableBold: OpaquePointer
    let footer: OpaquePointer
    let watermark: OpaquePointer
    let figureLabel: OpaquePointer
    let figureValue: OpaquePointer
    let figureDue: OpaquePointer
    let figureNote: OpaquePointer
    let chart: OpaquePointer
    let caption: OpaquePointer
    /// Index = heading level − 1, levels 1…4 (5 and 6 use level 4's).
    let headings: [OpaquePointer]

    init() throws {
        var made: [OpaquePointer] = []
        func font(_ family: String, _ size: Double, bold: Bool = false) throws -> OpaquePointer {
            guard let description = pango_font_description_new() else { throw PDFRenderError.pango("font description") }
            made.append(description)
            pango_font_description_set_family(description, family)
            pango_font_description_set_size(description, Int32((size * Double(PANGO_SCALE)).rounded()))
            pango_font_description_set_weight(description, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
            return description
        }
        do {
            body = try font(Typography.bodyFamily, Typography.bodySize)
            bodyBold = try font(Typography.bodyFamily, Typography.bodySize, bold: true)
            table = try font(Typography.bodyFamily, Typography.tableSize)
            tableBold = try font(Typography.bodyFamily, Typography.tableSize, bold: true)
            footer = try font(Typography.bodyFamily, Typography.footerSize)
            watermark = try font(Typography.bodyFamily, 100, bold: true)
            figureLabel = try font(Typography.bodyFamily, Typography.figureLabelSize, bold: true)
            figureValue = try font(Typography.bodyFamily, Typography.figureValueSize, bold: true)
            figureDue = try font(Typography.bodyFamily, Typography.figureDueSize, bold: true)
            figureNote = try font(Typography.bodyFamily, Typography.figureLabelSize)
            chart = try font(Typography.bodyFamily, Typography.chartTextSize)
            caption = try font(Typography.bodyFamily, Typography.captionSize)
            headings = try (1...4).map { try font(Typography.bodyFamily, Typography.headingSize(level: $0), bold: true) }
        } catch {
            made.forEach { pango_font_description_free($0) }
            throw error
        }
    }

    func heading(level: Int) -> OpaquePointer {
        headings[min(max(level, 1), headings.count) - 1]
    }

    deinit {
        pango_font_description_free(body)
        pango_font_description_free(bodyBold)
        pango_font_description_free(table)
        pango_font_description_free(tableBold)
        pango_font_description_free(footer)
        pango_font_description_free(watermark)
        [figureLabel, figureValue, figureDue, figureNote, chart, caption].forEach { pango_font_description_free($0) }
        headings.forEach { pango_font_description_free($0) }
    }
}
