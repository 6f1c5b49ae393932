import ChargebackCore

/// sacct output → charges: read (`SacctReader`), decide and price
/// (`SlurmBilling`), hand to a sink (the FOCUS writer). Every malformed line
/// and unknown partition is listed; with any, the sink's output is not kept.
public struct SlurmConversion {
    public var rules: SlurmRules
    public var period: BillingPeriod
    public var clock: LocalClock
    /// List bad lines as warnings and convert the rest (`--skip-invalid`).
    public var skipInvalid: Bool

    public init(rules: SlurmRules, period: BillingPeriod, clock: LocalClock, skipInvalid: Bool = false) {
        self.rules = rules
        self.period = period
        self.clock = clock
        self.skipInvalid = skipInvalid
    }

    public func run(_ lines: LineReader, into sink: inout some ChargeSink) throws(ConvertFailure) -> ConversionNotes {
        let reader: SacctReader
        do throws(InputError) {
            reader = try SacctReader(lines: lines)
        } catch {
            throw ConvertFailure(error)
        }
        reader.readsUser = rules.grouping == .job
        var billing = SlurmBilling(rules: rules, period: period, clock: clock, hasTimes: reader.hasTimes)
        var errors = InputErrorList()
        while true {
            let item: SacctReader.Item?
            do throws(InputError) {
                item = try reader.next()
            } catch {
                errors.add(error)
                if error.line == 0 { break }  // the input itself failed
                continue
            }
            guard let item else { break }
            let lines: [ChargeLine]
            do throws(InputError) {
                lines = try billing.add(item, file: reader.file)
            } catch {
                errors.add(error)
                continue
            }
            if errors.isEmpty || skipInvalid { for line in lines { try sink.add(line) } }
        }
        let skipped = try errors.resolve(skip: skipInvalid)
        let grouped: [ChargeLine]
        do throws(InputError) {
            grouped = try billing.finish(file: reader.file)
        } catch {
            throw ConvertFailure(error)
        }
        for line in grouped { try sink.add(line) }
        var notes = billing.notes
        notes.warnings += skipped
        return notes
    }
}
