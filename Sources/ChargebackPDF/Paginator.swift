/// An atom with its place on a page: `y` from the content area's top.
struct PlacedAtom {
    let atom: LayoutAtom
    let y: Double
}

/// Breaks atoms into pages of a given content height.
///
/// Rules, in order: an atom that does not fit starts a new page; a chain of
/// keep-with-next atoms (a heading and what follows it, a table header and
/// its first row, a paragraph's first two or last two lines) moves as one
/// unless it is taller than a page; a page that starts inside a table begins
/// with the table's header row.
struct Paginator {
    let contentHeight: Double

    func pages(_ atoms: [LayoutAtom]) -> [[PlacedAtom]] {
        var pages: [[PlacedAtom]] = []
        var page: [PlacedAtom] = []
        var y = 0.0

        func place(_ atom: LayoutAtom) {
            let gap = page.last.map { max($0.atom.spaceAfter, atom.spaceBefore) } ?? 0
            page.append(PlacedAtom(atom: atom, y: y + gap))
            y += gap + atom.height
        }

        for index in atoms.indices {
            let atom = atoms[index]
            if let last = page.last {
                let needed = max(last.atom.spaceAfter, atom.spaceBefore) + chainHeight(atoms, from: index)
                if y + needed > contentHeight {
                    pages.append(page)
                    page = []
                    y = 0
                }
            }
            if page.isEmpty, let table = atom.table {
                place(LayoutAtom(content: .tableRow(table.header), height: table.header.height))
            }
            place(atom)
        }
        if !page.isEmpty || pages.isEmpty { pages.append(page) }
        return pages
    }

    /// The height that must fit for `start` to be placed: its keep-with-next
    /// chain, with each paragraph in it whole if the paragraph fits on a
    /// page. If that is taller than a page, paragraphs may split (the chain
    /// alone); if even that is too tall, only the atom itself has to fit.
    private func chainHeight(_ atoms: [LayoutAtom], from start: Int) -> Double {
        let whole = chainHeight(atoms, from: start, keepingParagraphs: true)
        if whole <= contentHeight { return whole }
        let split = chainHeight(atoms, from: start, keepingParagraphs: false)
        return split <= contentHeight ? split : atoms[start].height
    }

    private func chainHeight(_ atoms: [LayoutAtom], from start: Int, keepingParagraphs: Bool) -> Double {
        var height = 0.0
        var index = start
        while true {
            var end = index
            if keepingParagraphs, atoms[index].togetherCount > 1 {
                let last = min(index + atoms[index].togetherCount - 1, atoms.count - 1)
                if span(atoms, index...last) <= contentHeight { end = last }
            }
            if index > start { height += max(atoms[index - 1].spaceAfter, atoms[index].spaceBefore) }
            height += span(atoms, index...end)
            guard atoms[end].keepWithNext, end + 1 < atoms.count else { return height }
            index = end + 1
        }
    }

    /// The height of consecutive atoms with the space between them.
    private func span(_ atoms: [LayoutAtom], _ range: ClosedRange<Int>) -> Double {
        var height = atoms[range.lowerBound].height
        for index in range.dropFirst() {
            height += max(atoms[index - 1].spaceAfter, atoms[index].spaceBefore) + atoms[index].height
        }
        return height
    }
}
