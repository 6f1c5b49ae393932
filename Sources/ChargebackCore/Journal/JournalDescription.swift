/// A journal line's description from `journal.debit_description` or
/// `credit_description`: `{source} {period} {fund_org} {pi_email}
/// {project_id}` filled in, control characters made spaces (a GL field is
/// one line), cut to `journal.description_width` characters.
struct JournalDescription: Sendable {
    let template: String
    let width: Int

    /// True when the template names `{placeholder}`: debit lines are then split by it.
    func uses(_ placeholder: String) -> Bool { template.contains("{\(placeholder)}") }

    func text(source: String, period: BillingPeriod, fundOrg: String, piEmail: String, projectId: String) -> String {
        var out = ""
        var rest = Substring(template)
        let values = ["source": source, "period": period.description, "fund_org": fundOrg, "pi_email": piEmail, "project_id": projectId]
        // One left-to-right pass, so a value that itself contains "{period}" stays literal.
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            if let close = rest[open...].firstIndex(of: "}"), let value = values[String(rest[rest.index(after: open)..<close])] {
                out += value
                rest = rest[rest.index(after: close)...]
            } else {
                out.append("{")
                rest = rest[rest.index(after: open)...]
            }
        }
        out += rest
        let oneLine = String(String.UnicodeScalarView(out.unicodeScalars.map { Self.breaksLine($0) ? " " : $0 }))
        return String(oneLine.prefix(width))
    }

    /// Control characters and the Unicode line and paragraph separators (U+2028, U+2029).
    static func breaksLine(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }
}
