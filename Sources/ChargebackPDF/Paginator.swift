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

    /// The height from `start` to the end of its keep-with-next chain. A
    /// chain taller than a page cannot be kept together; then only the atom
    /// itself has to fit.
    private func chainHeight(_ atoms: [LayoutAtom], from start: Int) -> Double {
        var height = atoms[start].height
        var index = start
        while atoms[index].keepWithNext, index + 1 < atoms.count {
            let next = atoms[index + 1]
            height += max(atoms[index].spaceAfter, next.spaceBefore) + next.height
            index += 1
        }
        return height > contentHeight ? atoms[start].height : height
    }
}
