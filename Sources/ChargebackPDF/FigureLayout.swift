/// The headline amounts as a row of cards (`::: figures`): a small label,
/// the amount, notes under it; the amount due (`isDue`) in the largest type
/// on a tinted card with a firm border, so it is what the eye finds first.
/// An amount never wraps: each card is at least as wide as its amount, the
/// room left is shared equally, and cards that do not fit go to the next line.
final class FigureRowLayout {
    struct Card {
        let label: TextLayout
        let value: TextLayout
        let notes: [TextLayout]
        let isDue: Bool
        let x: Double
        let width: Double
    }

    let cards: [Card]
    let height: Double

    private init(cards: [Card], height: Double) {
        self.cards = cards
        self.height = height
    }

    /// One atom per line of cards.
    static func atoms(_ figures: [PDFFigure], context: TextContext, width: Double) throws -> [LayoutAtom] {
        let gap = Typography.figureGap
        let padding = Typography.figurePadding
        let values = try figures.map { figure in
            try TextLayout(PangoMarkup(figure.value, codeSize: Typography.figureValueSize), context: context,
                           font: figure.isDue ? context.fonts.figureDue : context.fonts.figureValue, width: nil, lineSpacing: 1.0,
                           color: figure.isDue ? Typography.heading : Typography.text)
        }
        let minimum = values.map { max($0.width + 2 * padding, Typography.figureMinimumWidth) }
        var atoms: [LayoutAtom] = []
        var start = 0
        while start < figures.count {
            // As many cards as fit side by side at their least width.
            var end = start + 1
            var used = minimum[start]
            while end < figures.count, used + gap + minimum[end] <= width {
                used += gap + minimum[end]
                end += 1
            }
            let spare = max(width - used, 0) / Double(end - start)
            let row = try measure(figures[start..<end], values: values[start..<end], widths: minimum[start..<end].map { $0 + spare },
                                  context: context)
            atoms.append(LayoutAtom(content: .figures(row), height: row.height, spaceBefore: Typography.figureSpacing,
                                    spaceAfter: Typography.figureSpacing))
            start = end
        }
        return atoms
    }

    private static func measure(_ figures: ArraySlice<PDFFigure>, values: ArraySlice<TextLayout>, widths: [Double],
                                context: TextContext) throws -> FigureRowLayout {
        var cards: [Card] = []
        var tallest = 0.0
        var x = 0.0
        for (index, (figure, value)) in zip(figures, values).enumerated() {
            let inner = max(widths[index] - 2 * Typography.figurePadding, 1)
            let label = try TextLayout(PangoMarkup(figure.label, codeSize: Typography.figureLabelSize), context: context,
                                       font: context.fonts.figureLabel, width: inner, lineSpacing: 1.0,
                                       color: figure.isDue ? Typography.heading : Typography.figureLabel)
            let notes = try figure.notes.map {
                try TextLayout(PangoMarkup($0, codeSize: Typography.figureLabelSize), context: context, font: context.fonts.figureNote,
                               width: inner, lineSpacing: 1.0, color: Typography.figureLabel)
            }
            let content = label.height + Typography.figureLabelGap + value.height + notes.reduce(0) { $0 + 1.5 + $1.height }
            tallest = max(tallest, content)
            cards.append(Card(label: label, value: value, notes: notes, isDue: figure.isDue, x: x, width: widths[index]))
            x += widths[index] + Typography.figureGap
        }
        return FigureRowLayout(cards: cards, height: tallest + 2 * Typography.figurePadding)
    }

    func draw(on canvas: PDFCanvas, x: Double, y: Double) {
        for card in cards {
            let left = x + card.x
            canvas.fill(x: left, y: y, width: card.width, height: height,
                        color: card.isDue ? Typography.figureDueBackground : Typography.figureBackground)
            canvas.rectangle(x: left, y: y, width: card.width, height: height,
                             thickness: card.isDue ? 1.4 : 0.5, color: card.isDue ? Typography.heading : Typography.rowRule)
            var top = y + Typography.figurePadding
            canvas.draw(card.label, x: left + Typography.figurePadding, y: top)
            top += card.label.height + Typography.figureLabelGap
            canvas.draw(card.value, x: left + Typography.figurePadding, y: top)
            top += card.value.height
            for note in card.notes {
                top += 1.5
                canvas.draw(note, x: left + Typography.figurePadding, y: top)
                top += note.height
            }
        }
    }
}

/// `::: definitions`: terms in a muted column, values beside them; one atom per term.
final class DefinitionRowLayout {
    let term: TextLayout
    let value: TextLayout
    let valueX: Double
    let height: Double

    private init(term: TextLayout, value: TextLayout, valueX: Double) {
        self.term = term
        self.value = value
        self.valueX = valueX
        height = max(term.height, value.height)
    }

    static func atoms(_ definitions: [PDFDefinition], context: TextContext, width: Double) throws -> [LayoutAtom] {
        guard !definitions.isEmpty else { return [] }
        // The term column is as wide as the widest term, up to a third of the page; a term
        // is laid out again, wrapped, only when it is wider than that.
        let codeSize = Typography.bodySize * Typography.monoScale
        func term(_ spans: [PDFSpan], width: Double?) throws -> TextLayout {
            try TextLayout(PangoMarkup(spans, codeSize: codeSize), context: context, font: context.fonts.bodyBold, width: width,
                           color: Typography.figureLabel)
        }
        let natural = try definitions.map { try term($0.term, width: nil) }
        let termWidth = min((natural.map(\.width).max() ?? 0) + Typography.definitionGap, width / 3)
        return try definitions.enumerated().map { index, definition in
            let fits = natural[index].width <= termWidth - Typography.definitionGap + 0.01
            let term = fits ? natural[index] : try term(definition.term, width: termWidth - Typography.definitionGap)
            var spans: [PDFSpan] = []
            for (position, value) in definition.values.enumerated() {
                if position > 0 { spans.append(PDFSpan("\n")) }
                spans += value
            }
            let value = try TextLayout(PangoMarkup(spans, codeSize: codeSize), context: context, font: context.fonts.body, width: width - termWidth)
            let row = DefinitionRowLayout(term: term, value: value, valueX: termWidth)
            return LayoutAtom(content: .definition(row), height: row.height,
                              spaceBefore: index == 0 ? Typography.paragraphSpacing : Typography.definitionRowSpacing,
                              spaceAfter: index == definitions.count - 1 ? Typography.paragraphSpacing : 0)
        }
    }

    func draw(on canvas: PDFCanvas, x: Double, y: Double) {
        // Both on the first baseline.
        let baseline = max(term.firstBaseline, value.firstBaseline)
        canvas.draw(term, x: x, y: y + baseline - term.firstBaseline)
        canvas.draw(value, x: x + valueX, y: y + baseline - value.firstBaseline)
    }
}
