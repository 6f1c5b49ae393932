import ChargebackCore

/// Our name for a legacy source. The legacy tool took any name (`AWS`,
/// `Azure Local`); ours is the config's one rule (`SourceName.slug`:
/// `Azure Local` → `azure-local`), cut to 64 characters. The legacy name
/// becomes the display name unless the legacy ledger had one. Two legacy
/// names that would meet get the legacy id appended to the second.
enum LegacySourceName {
    static func ours(_ legacy: String) -> String {
        String(SourceName.slug(legacy).prefix(64))
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
