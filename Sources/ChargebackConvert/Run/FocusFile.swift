import ChargebackCore

/// Where and how a conversion writes its FOCUS file.
public struct FocusFileTarget: Sendable {
    public var path: String
    public var period: BillingPeriod
    public var currency: String
    public var tagKeys: TagMapping

    public init(path: String, period: BillingPeriod, currency: String, tagKeys: TagMapping) {
        self.path = path
        self.period = period
        self.currency = currency
        self.tagKeys = tagKeys
    }
}

/// What a conversion wrote.
public struct ConvertReport: Sendable {
    public var path: String
    public var rows: Int
    public var list: MoneySum
    public var contracted: MoneySum
    public var billed: MoneySum
    public var notes: ConversionNotes
}

public enum FocusFile {
    /// Runs a conversion into a `FocusWriter`: the file is kept only when the
    /// conversion ends without an error; otherwise nothing is written.
    public static func write(_ target: FocusFileTarget,
                             _ body: (inout FocusWriter) throws(ConvertFailure) -> ConversionNotes) throws(ConvertFailure) -> ConvertReport {
        var writer = try FocusWriter(path: target.path, period: target.period, currency: target.currency, keys: target.tagKeys)
        let notes: ConversionNotes
        do throws(ConvertFailure) {
            notes = try body(&writer)
            try writer.commit()
        } catch {
            writer.discard()
            throw error
        }
        return ConvertReport(path: target.path, rows: writer.rows, list: writer.list, contracted: writer.contracted,
                             billed: writer.billed, notes: notes)
    }

    /// Loads a rules document and decodes it, turning its errors into a failure.
    static func rules<T>(_ body: () throws(InputError) -> T) throws(ConvertFailure) -> T {
        do throws(InputError) {
            return try body()
        } catch {
            throw ConvertFailure(error)
        }
    }
}
