/// The one rule turning a source's name as written (`AWS`, `Azure Local`)
/// into the name used on the command line (`-s`), in the ledger and in file
/// names (`aws`, `azure-local`): lowercase; each run of characters other than
/// a-z, 0-9, `_` and `-` becomes one `-`, or nothing at the start or end.
/// A name already made only of those characters is kept as it is.
public enum SourceName {
    /// The slug of `written`; "" when it has no letter, digit, `_` or `-` to keep.
    public static func slug(_ written: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingDash = false
        for scalar in written.lowercased().unicodeScalars {
            if isAllowed(scalar) {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return String(out)
    }

    /// True for a-z, 0-9, `_` and `-`.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
    }
}
