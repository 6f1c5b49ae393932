import CPangoCairo
import Foundation

/// What every page carries besides its content: the footer (organisation,
/// statement id, period, page x of y) and, for a draft, the watermark.
struct PDFPageDecoration {
    let info: PDFDocumentInfo
    let context: TextContext
    /// The same on every page, so laid out once.
    private let footerLeft: TextLayout
    private let watermark: TextLayout?

    init(info: PDFDocumentInfo, context: TextContext, contentWidth: Double) throws {
        self.info = info
        self.context = context
        // A draft says so in the footer too: the watermark is drawn as
        // shapes (so it does not mix into the text when copied or
        // extracted), the footer is what text tools see.
        let parts = (info.isDraft ? [Typography.watermarkText] : [])
            + [info.organization, info.statementId, info.period].filter { !$0.isEmpty }
        // Leave room for "page 999 of 999" on the right.
        footerLeft = try TextLayout(PangoMarkup([PDFSpan(parts.joined(separator: "  ·  "))], codeSize: Typography.footerSize),
                                    context: context, font: context.fonts.footer, width: contentWidth * 0.75,
                                    color: Typography.footer, ellipsize: true)
        watermark = info.isDraft
            ? try TextLayout(PangoMarkup([PDFSpan(Typography.watermarkText)], codeSize: 100), context: context,
                             font: context.fonts.watermark, width: nil, color: Typography.watermark)
            : nil
    }

    /// Drawn first on a page, so the content lies on top of it.
    func drawWatermark(on canvas: PDFCanvas) {
        guard let watermark, watermark.width > 0 else { return }
        let cairo = canvas.cairo
        let angle = atan2(canvas.height, canvas.width)
        let diagonal = (canvas.width * canvas.width + canvas.height * canvas.height).squareRoot()
        let scale = diagonal * 0.55 / watermark.width
        cairo_save(cairo)
        cairo_translate(cairo, canvas.width / 2, canvas.height / 2)
        cairo_rotate(cairo, -angle)
        cairo_scale(cairo, scale, scale)
        cairo_move_to(cairo, -watermark.width / 2, -watermark.height / 2)
        pango_cairo_layout_path(cairo, watermark.layout)
        canvas.setColor(Typography.watermark)
        cairo_fill(cairo)
        cairo_restore(cairo)
    }

    func drawFooter(on canvas: PDFCanvas, page: Int, of pageCount: Int) throws {
        let margin = info.margin
        let contentWidth = canvas.width - 2 * margin
        let pageNumber = try TextLayout(PangoMarkup([PDFSpan("page \(page) of \(pageCount)")], codeSize: Typography.footerSize),
                                        context: context, font: context.fonts.footer, width: nil,
                                        color: Typography.footer)
        let lineHeight = max(footerLeft.lines.first?.height ?? 0, pageNumber.height)
        // Inside the bottom margin, a little below the content; closer to the
        // content if the margin is small, never off the page.
        let gap = min(Typography.footerGap, max((margin - lineHeight) / 2, 1))
        let top = canvas.height - margin + gap
        canvas.horizontalLine(x: margin, y: top - 3.5, width: contentWidth, thickness: 0.4, color: Typography.rowRule)
        if let first = footerLeft.lines.first {
            canvas.draw(first, layoutX: margin, lineTop: top)
        }
        canvas.draw(pageNumber, x: margin + contentWidth - pageNumber.width, y: top)
    }
}
