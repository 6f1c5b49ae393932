import ChargebackCore

/// Our name for a legacy source. The legacy tool took any name (`AWS`,
/// `Azure Local`); ours are `[a-z0-9_-]`, at most 64 characters. A valid name
/// stays; any other is lowercased, each run of other characters becomes one
/// `-`, and `-` is trimmed from both ends (`Azure Local` → `azure-local`). The
/// legacy name becomes the display name unless the legacy ledger had one.
/// Two legacy names that would meet get the legacy id appended to the second.
enum LegacySourceName {
    static func ours(_ legacy: String) -> String {
        if SourceRegistry.isValidName(legacy) { return legacy }
        var out = ""
        var pendingDash = false
        for scalar in legacy.lowercased().unicodeScalars {
            let kept = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
            if kept {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        while out.hasPrefix("-") { out.removeFirst() }
        while out.hasSuffix("-") { out.removeLast() }
        return String(out.prefix(64))
    }

    /// Our names for all legacy sources, distinct, in legacy id order.
    static func assign(_ sources: [LegacyLedger.Source]) -> [Int64: String] {
        var names: [Int64: String] = [:]
        var taken = Set<String>()
        for source in sources.sorted(by: { $0.id < $1.id }) {
            var name = ours(source.name)
            if name.isEmpty { name = "source" }
            if taken.contains(name) { name = String(name.prefix(40)) + "-" + String(source.id) }
            taken.insert(name)
            names[source.id] = name
        }
        return names
    }
}
