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
        CSVTable.read(path, required: ["date_partition", "email", "usage_type", "usage_credits"],
                      expected: "the ChatGPT Edu usage export", errors: &errors) { (row: CSVTable.Row) throws(InputError) in
            guard let date = day(row("date_partition")) else {
                throw row.error("date_partition", "expected a date M/D/YYYY or YYYY-MM-DD, got \(FocusText.quote(row("date_partition")))")
            }
            let email = row("email")
            guard !email.isEmpty else { throw row.error("email", "expected the user's e-mail, got an empty value") }
            let type = row("usage_type")
            guard !type.isEmpty else { throw row.error("usage_type", "expected a usage type, got an empty value") }
            guard let credits = try? Exact(decimal: row("usage_credits")), !credits.isNegative else {
                throw row.error("usage_credits", "expected a number of credits of 0 or more, got \(FocusText.quote(row("usage_credits")))")
            }
            rows.append(TokenUsage(date: date, email: email, usageType: type, credits: credits, line: row.line))
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
