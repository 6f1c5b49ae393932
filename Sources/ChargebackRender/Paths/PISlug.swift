import ChargebackCore
import Crypto

/// A PI's folder name under `pi/`: readable, URL- and filesystem-safe, and
/// one-to-one with the lowercased e-mail, so two PIs never share a folder.
/// `jane@a.edu` → `jane_a.edu`, `../x@y` → `~2e.~2fx_y` (see `PathSlug`).
public enum PISlug {
    public static func make(_ email: String) -> String { PathSlug.make(email.lowercased()) }
}

/// A project's file name stem (`pi/<pi>/P/<project>.pdf`): one-to-one with
/// the project id as written (`Genomics` and `genomics` are two projects).
public enum ProjectSlug {
    public static func make(_ projectId: String) -> String { PathSlug.make(projectId, keepUppercase: true) }
}

/// Text as one path component that cannot leave its folder or meet another
/// text's component.
///
/// `a-z 0-9 . -` (and `A-Z` when asked) stay as they are (a leading `.`
/// does not, so `.` and `..` can never be a slug), `@` becomes `_`, and every
/// other byte of the UTF-8 becomes `~` and two hex digits (`_` itself is
/// `~5f`, `~` is `~7e`). Decoding is unambiguous, hence no collisions.
public enum PathSlug {
    /// Longest slug kept as is; longer ones end in a digest (file names stay under 255 bytes).
    static let maxLength = 120

    public static func make(_ text: String, keepUppercase: Bool = false) -> String {
        var out = ""
        for (i, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where keepUppercase:
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: ".") where i > 0:
                out.append(".")
            case UInt8(ascii: "@"):
                out.append("_")
            default:
                out.append("~" + FileDigest.hex([byte]))
            }
        }
        if out.isEmpty { return "~" }
        if out.utf8.count > maxLength {
            // `~h` never occurs in the encoding above (`~` is always followed
            // by two hex digits), so truncated slugs cannot meet untruncated ones.
            let digest = FileDigest.hex(SHA256.hash(data: Array(text.utf8)).prefix(12))
            let kept = String(decoding: out.utf8.prefix(maxLength - 26), as: UTF8.self)
            return kept + "~h" + digest
        }
        return out
    }
}
