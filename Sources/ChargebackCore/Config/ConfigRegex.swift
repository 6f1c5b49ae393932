import Foundation

/// A regular expression from the configuration file.
///
/// Patterns may use Python-style named groups, `(?P<name>…)` and `(?P=name)`;
/// they are translated to ICU syntax (`(?<name>…)`, `\k<name>`) before compiling
/// with `NSRegularExpression`. Group names that ICU does not accept (ICU allows
/// only ASCII letters and digits, Python also allows `_`) are given internal
/// aliases, so `(?P<fund_code>…)` works and is reported as `fund_code`.
public struct ConfigRegex: Sendable, Equatable, CustomStringConvertible {
    /// How a setting matches, as the legacy Python tool did: `re.search` or
    /// `re.match` (anchored at the start, not at the end), with or without
    /// `re.IGNORECASE`. `ReviewConfig` and `JournalConfig` say which applies.
    public struct Options: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Letters match in any case (Python `re.IGNORECASE`).
        public static let caseInsensitive = Options(rawValue: 1)
        /// A match must start at the first character (Python `re.match`); the end is free.
        public static let anchoredAtStart = Options(rawValue: 2)
    }

    /// The pattern exactly as written in the configuration (for display and flag reasons).
    public let source: String
    /// The ICU pattern actually compiled.
    public let compiledPattern: String
    /// Named groups in the order they appear in the pattern, as written in `source`.
    public let groupNames: [String]
    public let options: Options

    private let regex: NSRegularExpression
    /// Written name → name used in the compiled pattern.
    private let icuNames: [String: String]

    /// Compiles `source`. Throws `ConfigRegex.CompileError` with ICU's reason when invalid.
    public init(_ source: String, options: Options = []) throws(CompileError) {
        let translated = ConfigRegex.translate(source)
        do {
            regex = try NSRegularExpression(pattern: translated.pattern, options: options.contains(.caseInsensitive) ? [.caseInsensitive] : [])
        } catch {
            throw CompileError(pattern: source, reason: ConfigRegex.diagnose(source))
        }
        self.source = source
        self.options = options
        self.compiledPattern = translated.pattern
        self.groupNames = translated.names.map(\.written)
        var map: [String: String] = [:]
        for n in translated.names { map[n.written] = n.icu }
        self.icuNames = map
    }

    /// The same pattern matched with `options` (what a setting's rule says), compiled again when they differ.
    public func with(_ options: Options) -> ConfigRegex {
        guard options != self.options else { return self }
        // It compiled once; case-insensitivity cannot make it invalid.
        return (try? ConfigRegex(source, options: options)) ?? self
    }

    private var matchingOptions: NSRegularExpression.MatchingOptions {
        options.contains(.anchoredAtStart) ? [.anchored] : []
    }

    public struct CompileError: Error, Sendable, Equatable, CustomStringConvertible {
        public var pattern: String
        public var reason: String
        public var description: String { "invalid regular expression \"\(pattern)\": \(reason)" }
    }

    /// True when the pattern matches in `s`: anywhere (search), or at its start with
    /// `.anchoredAtStart`; anchor with `$` to require the whole string.
    public func matches(_ s: String) -> Bool {
        regex.firstMatch(in: s, options: matchingOptions, range: NSRange(s.startIndex..., in: s)) != nil
    }

    /// The named groups of the first match in `s`, keyed by the names written in the pattern;
    /// nil when the pattern does not match. Groups that did not take part in the match are omitted.
    public func namedCaptures(in s: String) -> [String: String]? {
        guard let m = regex.firstMatch(in: s, options: matchingOptions, range: NSRange(s.startIndex..., in: s)) else {
            return nil
        }
        var out: [String: String] = [:]
        for name in groupNames {
            let r = m.range(withName: icuNames[name] ?? name)
            if r.location != NSNotFound, let range = Range(r, in: s) {
                out[name] = String(s[range])
            }
        }
        return out
    }

    public var description: String { source }

    public static func == (a: ConfigRegex, b: ConfigRegex) -> Bool { a.source == b.source && a.options == b.options }

    // MARK: - Translation

    struct GroupName { var written: String; var icu: String }

    /// Rewrites Python named-group syntax to ICU and aliases group names ICU rejects.
    /// Escapes (`\(`) and character classes (`[(?P<]`) are left alone.
    static func translate(_ pattern: String) -> (pattern: String, names: [GroupName]) {
        let c = Array(pattern)
        let n = c.count

        // Pass 1: collect the written group names so aliases cannot collide with them.
        var written: [String] = []
        scanGroups(c) { name, _, _ in written.append(name) }
        let taken = Set(written)
        var aliasFor: [String: String] = [:]
        var counter = 0
        for name in written where aliasFor[name] == nil {
            if isICUName(name) {
                aliasFor[name] = name
            } else {
                var alias: String
                repeat { counter += 1; alias = "ocbGroup\(counter)" } while taken.contains(alias)
                aliasFor[name] = alias
            }
        }

        // Pass 2: rewrite.
        var out = ""
        var i = 0
        var inClass = false
        var names: [GroupName] = []
        while i < n {
            let ch = c[i]
            if ch == "\\" {
                out.append(ch)
                if i + 1 < n { out.append(c[i + 1]) }
                i += 2
                continue
            }
            if inClass {
                if ch == "]" { inClass = false }
                out.append(ch)
                i += 1
                continue
            }
            if ch == "[" {
                inClass = true
                out.append(ch)
                i += 1
                if i < n, c[i] == "^" { out.append(c[i]); i += 1 }
                if i < n, c[i] == "]" { out.append(c[i]); i += 1 }
                continue
            }
            if ch == "(", let g = groupAt(c, i) {
                let alias = aliasFor[g.name] ?? g.name
                if g.isBackreference {
                    out += "\\k<\(alias)>"
                } else {
                    out += "(?<\(alias)>"
                    names.append(GroupName(written: g.name, icu: alias))
                }
                i = g.end
                continue
            }
            out.append(ch)
            i += 1
        }
        return (out, names)
    }

    /// Visits each named group or Python backreference outside escapes and classes.
    private static func scanGroups(_ c: [Character], _ visit: (String, Bool, Int) -> Void) {
        var i = 0
        var inClass = false
        while i < c.count {
            let ch = c[i]
            if ch == "\\" { i += 2; continue }
            if inClass { if ch == "]" { inClass = false }; i += 1; continue }
            if ch == "[" {
                inClass = true
                i += 1
                if i < c.count, c[i] == "^" { i += 1 }
                if i < c.count, c[i] == "]" { i += 1 }
                continue
            }
            if ch == "(", let g = groupAt(c, i) {
                if !g.isBackreference { visit(g.name, false, i) }
                i = g.end
                continue
            }
            i += 1
        }
    }

    /// Recognises `(?P<name>`, `(?<name>` (not look-behind) and `(?P=name)` at `i`.
    private static func groupAt(_ c: [Character], _ i: Int) -> (name: String, isBackreference: Bool, end: Int)? {
        let n = c.count
        guard i + 2 < n, c[i] == "(", c[i + 1] == "?" else { return nil }
        var j = i + 2
        var python = false
        if c[j] == "P" { python = true; j += 1 }
        guard j < n else { return nil }
        let isBack: Bool
        if c[j] == "<" { isBack = false } else if python, c[j] == "=" { isBack = true } else { return nil }
        j += 1
        let close: Character = isBack ? ")" : ">"
        var name = ""
        while j < n, c[j] != close {
            guard c[j].isLetter || c[j].isNumber || c[j] == "_" else { return nil }
            name.append(c[j])
            j += 1
        }
        // `(?<=` and `(?<!` are look-behinds: the name check above already rejects them.
        guard j < n, !name.isEmpty, let first = name.first, first.isLetter || first == "_" else { return nil }
        return (name, isBack, j + 1)
    }

    private static func isICUName(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f.isASCII, f.properties.isAlphabetic else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    /// NSRegularExpression on Linux reports only "the value is invalid", so name the
    /// common mistakes ourselves; ICU's verdict stays authoritative.
    static func diagnose(_ pattern: String) -> String {
        let c = Array(pattern)
        var depth = 0
        var i = 0
        var classStart: Int? = nil
        var atomBefore = false
        while i < c.count {
            let ch = c[i]
            if ch == "\\" {
                if i + 1 >= c.count { return "trailing backslash" }
                i += 2
                atomBefore = true
                continue
            }
            if let start = classStart {
                if ch == "]", i > start + 1, !(i == start + 2 && c[start + 1] == "^") { classStart = nil; atomBefore = true }
                i += 1
                continue
            }
            switch ch {
            case "[": classStart = i
            case "(":
                depth += 1
                atomBefore = false
                if i + 1 < c.count, c[i + 1] == "?" { i += 1 }
                i += 1
                continue
            case ")":
                if depth == 0 { return "unmatched ) at position \(i + 1)" }
                depth -= 1
                atomBefore = true
            case "|": atomBefore = false
            case "*", "+", "?":
                if !atomBefore { return "nothing to repeat before '\(ch)' at position \(i + 1)" }
            case "{":
                if !atomBefore, i + 1 < c.count, c[i + 1].isNumber { return "nothing to repeat before '{' at position \(i + 1)" }
                atomBefore = true
            case "^": atomBefore = false
            default: atomBefore = true
            }
            i += 1
        }
        if let start = classStart { return "unterminated character class starting at position \(start + 1) (missing ])" }
        if depth > 0 { return "missing ) (\(depth) group\(depth == 1 ? "" : "s") not closed)" }
        return "not valid ICU regular expression syntax"
    }
}
