import ChargebackCore

/// One row of the OpenAI ChatGPT Edu billing export.
public struct TokenUsage: Sendable, Equatable {
    public var date: CivilDay
    public var email: String
    public var usageType: String
    public var credits: Exact
    public var line: Int
}

/// Reads the ChatGPT Edu billing CSV (Admin console → Billing → Export
/// usage): `date_partition,account_id,account_user_id,email,name,public_id,
/// usage_type,usage_credits,usage_quantity,usage_units`, with a byte-order
/// mark and CRLF line ends. Needed: date_partition (M/D/YYYY as exported,
/// or YYYY-MM-DD), email, usage_type, usage_credits (0 or more).
public enum OpenAIUsage {
    public static func read(file path: String, errors: inout InputErrorList) -> [TokenUsage] {
        var rows: [TokenUsage] = []
        do throws(InputError) {
            let reader = try CSVReader(path: path)
            guard try reader.next() else {
                errors.add(InputError(file: path, line: 0, column: "", message: "the file is empty: expected the usage export's header"))
                return []
            }
            let names = reader.strings.map { $0.trimmedWhitespace.lowercased() }
            let needed = ["date_partition", "email", "usage_type", "usage_credits"]
            let missing = needed.filter { !names.contains($0) }
            guard missing.isEmpty else {
                errors.add(InputError(file: path, line: reader.line, column: "", message: "header: missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) (expected the ChatGPT Edu usage export)"))
                return []
            }
            let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            while true {
                let more: Bool
                do throws(InputError) { more = try reader.next() } catch { errors.add(error); continue }
                guard more else { break }
                guard reader.fieldCount == names.count else {
                    errors.add(InputError(file: path, line: reader.line, column: "", message: "expected \(names.count) fields, found \(reader.fieldCount)"))
                    continue
                }
                func cell(_ name: String) -> String { reader.string(index[name]!).trimmedWhitespace }
                func fail(_ column: String, _ message: String) { errors.add(InputError(file: path, line: reader.line, column: column, message: message)) }
                guard let date = day(cell("date_partition")) else {
                    fail("date_partition", "expected a date M/D/YYYY or YYYY-MM-DD, got \(FocusText.quote(cell("date_partition")))")
                    continue
                }
                let email = cell("email")
                guard !email.isEmpty else { fail("email", "expected the user's e-mail, got an empty value"); continue }
                let type = cell("usage_type")
                guard !type.isEmpty else { fail("usage_type", "expected a usage type, got an empty value"); continue }
                guard let credits = try? Exact(decimal: cell("usage_credits")), !credits.isNegative else {
                    fail("usage_credits", "expected a number of credits of 0 or more, got \(FocusText.quote(cell("usage_credits")))")
                    continue
                }
                rows.append(TokenUsage(date: date, email: email, usageType: type, credits: credits, line: reader.line))
            }
        } catch {
            errors.add(error)
        }
        return rows
    }

    /// `1/5/2026` (month/day/year, as the export writes) or `2026-01-05`.
    static func day(_ text: String) -> CivilDay? {
        if let d = CivilDay(iso: text) { return d }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts[2].count == 4, let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2])
        else { return nil }
        return CivilDay(year: y, month: m, day: d)
    }
}
