import ChargebackCore

/// Reads the lines of sacct output after its header into jobs and steps: the
/// columns found in the header, and the buffers kept from line to line (one
/// value, so a line costs one exclusive access, not one per field).
struct SacctLineParser {
    let file: String
    private var columns = Columns([:])
    private var fieldCount = 0
    /// Where each field of the line being read starts (reused from line to line).
    private var cuts: [Int] = []
    /// Accounts, partitions, clusters, users and states: made once each.
    private var texts = TextCache()
    var readsUser = true

    init(file: String) { self.file = file }

    mutating func expect(_ index: [String: Int], fields: Int) {
        columns = Columns(index)
        fieldCount = fields
    }

    mutating func parse(_ text: ArraySlice<UInt8>, line: Int) throws(InputError) -> SacctReader.Item {
        var outcome: Result<SacctReader.Item, InputError>!
        text.withUnsafeBufferPointer { bytes in
            do throws(InputError) {
                outcome = .success(try parse(SacctFields(bytes, cuts: &cuts), line: line))
            } catch {
                outcome = .failure(error)
            }
        }
        return try outcome.get()
    }

    /// The columns of the fields read, looked up once from the header.
    struct Columns {
        var jobID, jobIDRaw, cluster, account, user, partition, cpus, elapsedRaw, elapsed, start, end, state: Int?

        init(_ index: [String: Int]) {
            jobID = index["JOBID"]; jobIDRaw = index["JOBIDRAW"]; cluster = index["CLUSTER"]; account = index["ACCOUNT"]
            user = index["USER"]; partition = index["PARTITION"]; cpus = index["ALLOCCPUS"]; elapsedRaw = index["ELAPSEDRAW"]
            elapsed = index["ELAPSED"]; start = index["START"]; end = index["END"]; state = index["STATE"]
        }
    }

    private mutating func parse(_ fields: SacctFields, line: Int) throws(InputError) -> SacctReader.Item {
        guard fields.count == fieldCount else {
            throw InputError(file: file, line: line, column: "",
                             message: "expected \(fieldCount) fields separated by |, found \(fields.count)")
        }
        let c = columns
        func text(_ column: Int?) -> String? { column.map { fields.text($0, cache: &texts) } }
        func fail(_ column: String, _ message: String) -> InputError {
            InputError(file: file, line: line, column: column, message: message)
        }
        guard let idColumn = c.jobID ?? c.jobIDRaw else { throw fail("JobID", "expected a job id, got an empty value") }
        let jobID = fields.string(idColumn)
        guard !jobID.isEmpty else { throw fail(c.jobID != nil ? "JobID" : "JobIDRaw", "expected a job id, got an empty value") }
        if fields.contains(UInt8(ascii: "."), in: idColumn) { return .step(jobID: jobID, line: line) }

        let account = text(c.account) ?? ""
        let partition = text(c.partition) ?? ""
        guard let cpusColumn = c.cpus, let cpus = fields.integer(cpusColumn), cpus >= 0 else {
            throw fail("AllocCPUS", "expected a whole number of CPUs, got \(FocusText.quote(text(c.cpus) ?? ""))")
        }
        let elapsed: Int64
        if let raw = c.elapsedRaw {
            guard let v = fields.integer(raw), v >= 0 else { throw fail("ElapsedRaw", "expected whole seconds, got \(FocusText.quote(fields.string(raw)))") }
            elapsed = v
        } else {
            let text = text(c.elapsed) ?? ""
            guard let v = SacctReader.elapsedSeconds(text) else {
                throw fail("Elapsed", "expected [D-]HH:MM:SS, HH:MM:SS or MM:SS, got \(FocusText.quote(text))")
            }
            elapsed = v
        }
        guard let state = c.state.flatMap({ fields.state($0, cache: &texts) }) else { throw fail("State", "expected a job state, got an empty value") }
        var start: SacctTime?
        var end: SacctTime?
        if let s = c.start, let e = c.end {
            guard let st = fields.time(s) else { throw fail("Start", "expected a time YYYY-MM-DDTHH:MM:SS, epoch seconds, Unknown or None, got \(FocusText.quote(fields.string(s)))") }
            guard let en = fields.time(e) else { throw fail("End", "expected a time YYYY-MM-DDTHH:MM:SS, epoch seconds, Unknown or None, got \(FocusText.quote(fields.string(e)))") }
            start = st
            end = en
        }
        let cluster = text(c.cluster).flatMap { $0.isEmpty ? nil : $0 }
        let user = readsUser ? text(c.user).flatMap { $0.isEmpty ? nil : $0 } : nil
        return .job(SacctRecord(jobID: jobID, cluster: cluster, account: account, user: user, partition: partition,
                                cpus: cpus, elapsed: elapsed, start: start, end: end, state: state, line: line))
    }

}
