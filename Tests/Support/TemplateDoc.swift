import Foundation

/// docs/templates.md read back, and the variables a view really has: the
/// tests that keep the two the same.
package enum TemplateDoc {
    /// The variable paths (`projects.totals.amount`) listed in the section `## \`NAME\`` (or `## NAME`).
    package static func variables(_ name: String) throws -> Set<String> {
        Set(try rows(name).filter { !$0.hasPrefix("::: ") }.map { String($0) })
    }

    /// The template blocks and charts listed there (`::: chart trend`).
    package static func blocks(_ name: String) throws -> Set<String> {
        Set(try rows(name).filter { $0.hasPrefix("::: ") })
    }

    /// The first cell of every table row of the section, without its backticks.
    private static func rows(_ name: String) throws -> [String] {
        let text = try String(contentsOfFile: SampleSite.root.path + "/docs/templates.md", encoding: .utf8)
        var inSection = false
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { inSection = line == "## \(name)" || line.hasPrefix("## `\(name)`") }
            guard inSection, line.hasPrefix("| `"), let close = line.dropFirst(3).firstIndex(of: "`") else { continue }
            out.append(String(line[line.index(line.startIndex, offsetBy: 3)..<close]))
        }
        return out
    }

    /// Every variable path of `value` (a view): its fields, the fields of the
    /// values in its lists (all of them) and optionals, joined by `.`. A list
    /// or optional with nothing in it anywhere is reported in `unseen`, so a
    /// test can say which sample lacks it.
    package static func paths(of value: Any, prefix: String = "", unseen: inout [String]) -> [String] {
        var found = Set<String>()
        var empty = Set<String>()
        walk(value, prefix: prefix, found: &found, empty: &empty)
        unseen = empty.subtracting(found).map { String($0.dropLast(2)) }.sorted()
        return found.filter { !$0.hasSuffix(".*") }.sorted()
    }

    /// `empty`: list or optional paths with nothing in them here; `found` gets a path once something is.
    private static func walk(_ value: Any, prefix: String, found: inout Set<String>, empty: inout Set<String>) {
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            let path = prefix + label
            found.insert(path)
            let mirror = Mirror(reflecting: child.value)
            var inner: [Any] = [child.value]
            if mirror.displayStyle == .collection || mirror.displayStyle == .optional {
                inner = mirror.children.map(\.value)
                if inner.isEmpty { empty.insert(path + ".*") } else { found.insert(path + ".*") }
            }
            for element in inner where Mirror(reflecting: element).displayStyle == .struct && !(element is String) {
                walk(element, prefix: path + ".", found: &found, empty: &empty)
            }
        }
    }
}
