/// A value's every stored field as text, the same in every process: what
/// `RenderSettings.key` hashes. Fields come from `Mirror`, so a field added
/// to the settings is in the key without anyone listing it; dictionaries and
/// sets are written sorted (Swift's own description of them follows a
/// per-process hash seed). A value that describes itself
/// (`CustomStringConvertible`, e.g. a compiled regular expression, whose
/// inside is a pointer) is written as its description.
enum StableText {
    static func describe(_ value: Any) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    private static func write(_ value: Any, into out: inout String) {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let some = mirror.children.first { write(some.value, into: &out) } else { out += "nil" }
        case .collection, .tuple:
            out += "["
            for child in mirror.children {
                if let label = child.label, mirror.displayStyle == .tuple { out += label + ":" }
                write(child.value, into: &out)
                out += ","
            }
            out += "]"
        case .dictionary, .set:
            let items = mirror.children.map { describe($0.value) }.sorted()
            out += "{" + items.joined(separator: ",") + "}"
        case .struct, .class, .enum:
            // Self-describing, or a plain enum case: its description.
            if value is any CustomStringConvertible || mirror.children.isEmpty {
                out += String(describing: value)
                return
            }
            out += "\(mirror.subjectType)("
            for child in mirror.children {
                out += (child.label ?? "_") + "="
                write(child.value, into: &out)
                out += ";"
            }
            out += ")"
        default:
            out += String(reflecting: value)
        }
    }
}
