/// The FOCUS columns OpenChargeback reads, found by name in a CSV header.
///
/// Header names are matched case-insensitively after trimming spaces and
/// tabs; unknown columns (other FOCUS 1.0–1.2 columns, `x_` extensions) are
/// ignored. BillingPeriodStart, BilledCost and Tags are required.
public struct FocusColumns: Sendable {
    public enum Column: String, CaseIterable, Sendable {
        case billingPeriodStart = "BillingPeriodStart"
        case billingPeriodEnd = "BillingPeriodEnd"
        case chargePeriodStart = "ChargePeriodStart"
        case chargePeriodEnd = "ChargePeriodEnd"
        case listCost = "ListCost"
        case contractedCost = "ContractedCost"
        case billedCost = "BilledCost"
        case effectiveCost = "EffectiveCost"
        case resourceId = "ResourceId"
        case resourceName = "ResourceName"
        case serviceName = "ServiceName"
        case chargeCategory = "ChargeCategory"
        case chargeDescription = "ChargeDescription"
        case billingCurrency = "BillingCurrency"
        case skuId = "SkuId"
        case skuPriceId = "SkuPriceId"
        case tags = "Tags"

        public static let required: [Column] = [.billingPeriodStart, .billedCost, .tags]

        var ordinal: Int {
            switch self {
            case .billingPeriodStart: 0
            case .billingPeriodEnd: 1
            case .chargePeriodStart: 2
            case .chargePeriodEnd: 3
            case .listCost: 4
            case .contractedCost: 5
            case .billedCost: 6
            case .effectiveCost: 7
            case .resourceId: 8
            case .resourceName: 9
            case .serviceName: 10
            case .chargeCategory: 11
            case .chargeDescription: 12
            case .billingCurrency: 13
            case .skuId: 14
            case .skuPriceId: 15
            case .tags: 16
            }
        }
    }

    /// The file name used in errors.
    public let file: String
    /// The number of fields in the header; every row must have as many.
    public let fieldCount: Int
    /// The header line (normally 1).
    public let headerLine: Int
    private let indices: [Int]  // by Column ordinal; -1 when the column is absent

    /// The field index of `column`, or nil if the header does not have it.
    public func index(of column: Column) -> Int? {
        let i = indices[column.ordinal]
        return i < 0 ? nil : i
    }

    /// Reads the header from `reader`: its current record if it has one
    /// (`reader.line > 0`), otherwise the next record. Missing required
    /// columns and duplicated known columns are reported in one file-level
    /// `InputError` on the header line.
    public init(header reader: CSVReader, file: String? = nil) throws(InputError) {
        let file = file ?? reader.displayName
        if reader.line == 0 {
            guard try reader.next() else {
                throw InputError(file: file, line: 0, column: "",
                                 message: "the file is empty: expected a header line naming the FOCUS columns (\(Column.required.map(\.rawValue).joined(separator: ", ")) are required)")
            }
        }
        var lookup: [String: Column] = [:]
        for column in Column.allCases { lookup[column.rawValue.lowercased()] = column }
        var indices = [Int](repeating: -1, count: Column.allCases.count)
        var duplicates: [String] = []
        for i in 0..<reader.fieldCount {
            let name = FocusColumns.trim(reader.string(i)).lowercased()
            guard let column = lookup[name] else { continue }
            if indices[column.ordinal] >= 0 {
                if !duplicates.contains(column.rawValue) { duplicates.append(column.rawValue) }
            } else {
                indices[column.ordinal] = i
            }
        }
        let missing = Column.required.filter { indices[$0.ordinal] < 0 }.map(\.rawValue)
        var problems: [String] = []
        if !missing.isEmpty {
            problems.append("missing required column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))")
        }
        if !duplicates.isEmpty {
            problems.append("column\(duplicates.count == 1 ? "" : "s") \(duplicates.joined(separator: ", ")) appear\(duplicates.count == 1 ? "s" : "") more than once")
        }
        if !problems.isEmpty {
            throw InputError(file: file, line: reader.line, column: "",
                             message: "header: " + problems.joined(separator: "; ") + " (expected a FOCUS header with at least \(Column.required.map(\.rawValue).joined(separator: ", ")))")
        }
        self.file = file
        self.fieldCount = reader.fieldCount
        self.headerLine = reader.line
        self.indices = indices
    }

    static func trim(_ s: String) -> String {
        var sub = Substring(s)
        while let f = sub.first, f == " " || f == "\t" { sub.removeFirst() }
        while let l = sub.last, l == " " || l == "\t" { sub.removeLast() }
        return String(sub)
    }

    // MARK: - Decoding rows

    /// Decodes the reader's current record, collecting every problem of the
    /// row (not only the first) into `FocusRowErrors`.
    public func decode(_ reader: CSVReader) throws(FocusRowErrors) -> FocusRow {
        var cells = CellCache(textSlots: 0, tagSlots: 0)
        return try decode(reader, cells: &cells)
    }

    /// Decodes as `decode(_:)` does, sharing repeated cell values through `cells`.
    func decode(_ reader: CSVReader, cells: inout CellCache) throws(FocusRowErrors) -> FocusRow {
        let line = reader.line
        if reader.fieldCount != fieldCount {
            throw FocusRowErrors([InputError(file: file, line: line, column: "",
                                             message: "expected \(fieldCount) fields, found \(reader.fieldCount)")])
        }
        var errors: [InputError] = []

        func report(_ column: Column, _ message: String) {
            errors.append(InputError(file: file, line: line, column: column.rawValue, message: message))
        }

        func isAbsent(_ b: UnsafeRawBufferPointer) -> Bool {
            if b.count == 0 { return true }
            if b.count != 4 { return false }
            return (b[0] == 78 && b[1] == 85 && b[2] == 76 && b[3] == 76)  // NULL
                || (b[0] == 110 && b[1] == 117 && b[2] == 108 && b[3] == 108)  // null
        }

        func date(_ column: Column) -> FocusDate? {
            guard let index = index(of: column) else { return nil }
            return reader.withField(index) { b -> FocusDate? in
                if isAbsent(b) { return nil }
                do throws(FocusDate.ParseError) {
                    return try FocusDate.parse(b)
                } catch {
                    report(column, error.message(got: FocusText.quote(b)))
                    return nil
                }
            }
        }

        func money(_ column: Column) -> Money? {
            guard let index = index(of: column) else { return nil }
            return reader.withField(index) { b -> Money? in
                if isAbsent(b) { return nil }
                do throws(Money.ParseError) {
                    return try Money.parse(b)
                } catch {
                    switch error {
                    case .outOfRange:
                        report(column, "expected a decimal number within ±9223372036.854775807, got \(FocusText.quote(b))")
                    case .empty, .invalid:
                        report(column, "expected a decimal number, got \(FocusText.quote(b))")
                    }
                    return nil
                }
            }
        }

        func text(_ column: Column) -> String? {
            guard let index = index(of: column) else { return nil }
            return reader.withField(index) { b -> String? in
                if isAbsent(b) { return nil }
                // Invalid UTF-8 is a row error. Checked with `UTF8Check` (in
                // `cells`), not `String(validating:)`: that one is generic and
                // looks up type metadata on every call, several times per row.
                guard let text = cells.text(b) else {
                    report(column, "expected UTF-8 text, got invalid UTF-8 \(FocusText.quote(b))")
                    return nil
                }
                return text
            }
        }

        /// "an empty value" or "NULL", for a required column that is absent.
        func absentText(_ column: Column) -> String {
            guard let index = index(of: column) else { return "no value" }
            return reader.withField(index) { $0.count == 0 ? "an empty value" : FocusText.quote($0) }
        }

        let billingPeriodStart = date(.billingPeriodStart)
        if billingPeriodStart == nil && errors.isEmpty {
            report(.billingPeriodStart, "expected a date YYYY-MM-DD or ISO 8601 date-time, got \(absentText(.billingPeriodStart)) (the column is required)")
        }
        let billingPeriodEnd = date(.billingPeriodEnd)
        let chargePeriodStart = date(.chargePeriodStart)
        let chargePeriodEnd = date(.chargePeriodEnd)
        let listCost = money(.listCost)
        let contractedCost = money(.contractedCost)
        let errorsBefore = errors.count
        let billedCost = money(.billedCost)
        if billedCost == nil && errors.count == errorsBefore {
            report(.billedCost, "expected a decimal number, got \(absentText(.billedCost)) (the column is required)")
        }
        let effectiveCost = money(.effectiveCost)
        let resourceId = text(.resourceId)
        let resourceName = text(.resourceName)
        let serviceName = text(.serviceName)
        let chargeCategory = text(.chargeCategory)
        let chargeDescription = text(.chargeDescription)
        let billingCurrency = text(.billingCurrency)
        let skuId = text(.skuId)
        let skuPriceId = text(.skuPriceId)

        var tags = FocusTags.empty
        if let index = index(of: .tags) {
            reader.withField(index) { b in
                if isAbsent(b) { return }
                do throws(FocusTags.ParseError) {
                    tags = try cells.tags(b)
                } catch {
                    report(.tags, error.message(got: FocusText.quote(b)))
                }
            }
        }

        guard errors.isEmpty, let billingPeriodStart, let billedCost else {
            throw FocusRowErrors(errors)
        }
        return FocusRow(
            billingPeriodStart: billingPeriodStart, billingPeriodEnd: billingPeriodEnd,
            chargePeriodStart: chargePeriodStart, chargePeriodEnd: chargePeriodEnd,
            listCost: listCost, contractedCost: contractedCost, billedCost: billedCost,
            effectiveCost: effectiveCost, resourceId: resourceId, resourceName: resourceName,
            serviceName: serviceName, chargeCategory: chargeCategory, chargeDescription: chargeDescription,
            billingCurrency: billingCurrency, skuId: skuId, skuPriceId: skuPriceId, tags: tags)
    }
}
