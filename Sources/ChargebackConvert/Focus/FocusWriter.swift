import ChargebackCore
import Foundation

/// Something charges are handed to, one at a time.
public protocol ChargeSink {
    mutating func add(_ line: ChargeLine) throws(ConvertFailure)
}

/// Writes charges as a FOCUS CSV that `ingest` reads as it is: the column
/// names of `FocusColumns`, RFC 4180 with CRLF and formula-safe cells
/// (`CSVDocument`), tags as one JSON object under the keys `tag_mapping`
/// names. One writer for every kind of converter.
///
/// Rows stream into a temporary file beside the destination, renamed over
/// it by `commit()`: an interrupted or failed conversion leaves any earlier
/// file untouched.
public struct FocusWriter: ChargeSink {
    public static let header: [FocusColumns.Column] = [
        .billingPeriodStart, .billingPeriodEnd, .chargePeriodStart, .chargePeriodEnd, .chargeCategory,
        .chargeDescription, .serviceName, .resourceId, .resourceName, .skuId, .listCost, .contractedCost,
        .billedCost, .effectiveCost, .billingCurrency, .tags,
    ]

    public let path: String
    public let period: BillingPeriod
    public let currency: String
    public let keys: TagMapping
    public private(set) var rows = 0
    public private(set) var list = MoneySum()
    public private(set) var contracted = MoneySum()
    public private(set) var billed = MoneySum()

    private let temporary: String
    private var handle: FileHandle?
    private var document: CSVDocument

    /// Creates the destination's folder if needed and opens the temporary file.
    public init(path: String, period: BillingPeriod, currency: String, keys: TagMapping) throws(ConvertFailure) {
        self.path = path
        self.period = period
        self.currency = currency
        self.keys = keys
        let folder = (path as NSString).deletingLastPathComponent
        temporary = (folder.isEmpty ? "." : folder) + "/." + (path as NSString).lastPathComponent + ".\(getpid()).tmp"
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
                throw ConvertFailure("cannot write \(temporary)")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        } catch let failure as ConvertFailure {
            throw failure
        } catch {
            throw ConvertFailure("cannot write \(path): \(error.localizedDescription)")
        }
        document = CSVDocument(header: Self.header.map(\.rawValue))
    }

    public mutating func add(_ line: ChargeLine) throws(ConvertFailure) {
        document.add([
            period.firstDay.description, period.endDay.description,
            line.chargeStart.description, line.chargeEnd.description,
            "Usage", line.description, line.serviceName, line.resourceId, line.resourceName, line.sku ?? "",
            line.list.description, line.contracted.description, line.billed.description, line.billed.description,
            currency, TagsJSON.object(line.owner.tags(keys) + line.tags),
        ])
        rows += 1
        list.add(line.list)
        contracted.add(line.contracted)
        billed.add(line.billed)
        if document.bytes.count >= 1 << 20 { try flush() }
    }

    private mutating func flush() throws(ConvertFailure) {
        guard let handle else { return }
        do {
            try handle.write(contentsOf: document.drain())
        } catch {
            throw ConvertFailure("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Writes what is left, then renames the temporary file over the destination.
    public mutating func commit() throws(ConvertFailure) {
        try flush()
        do {
            try handle?.synchronize()
            try handle?.close()
            handle = nil
            if rename(temporary, path) != 0 { throw ConvertFailure("cannot write \(path): \(String(cString: strerror(errno)))") }
        } catch let failure as ConvertFailure {
            throw failure
        } catch {
            throw ConvertFailure("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Removes the temporary file (after an error: nothing is written).
    public mutating func discard() {
        try? handle?.close()
        handle = nil
        unlink(temporary)
    }
}

/// A JSON object of string values, keys in the order given; a key already
/// written is not written again (the billing fields come first and win).
enum TagsJSON {
    static func object(_ tags: [ExtraTag]) -> String {
        // A dozen tags at most: a linear look back costs less than hashing each key into a Set
        // (which was a quarter of `convert slurm --per-job`: perf, 100,000 jobs).
        var out = "{"
        for (i, tag) in tags.enumerated() where !tags[..<i].contains(where: { $0.key == tag.key }) {
            if out.utf8.count > 1 { out += "," }
            out += TextEscaping.jsonString(tag.key) + ":" + TextEscaping.jsonString(tag.value)
        }
        return out + "}"
    }
}
