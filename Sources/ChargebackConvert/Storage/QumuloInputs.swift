import ChargebackCore
import Foundation

/// Qumulo's nightly usage samples, in either of two shapes:
/// - a CSV with a header naming `date` (YYYY-MM-DD), `path` and `bytes`
///   (other columns ignored): what a nightly job appends to;
/// - the JSON of Qumulo's quota status API (`GET /v1/files/quotas/status/`:
///   `{"quotas": [{"path": …, "capacity_usage": "…"}]}`, or a list), one
///   file per night with the date in its name (`quotas-2025-01-15.json`).
public enum QumuloSamples {
    public static func read(file path: String, errors: inout InputErrorList) -> [StorageSample] {
        path.lowercased().hasSuffix(".json") ? readJSON(path, errors: &errors) : readCSV(path, errors: &errors)
    }

    static func readCSV(_ path: String, errors: inout InputErrorList) -> [StorageSample] {
        var samples: [StorageSample] = []
        CSVTable.read(path, required: ["date", "path", "bytes"], expected: "samples with the columns date, path and bytes", errors: &errors) { (row: CSVTable.Row) throws(InputError) in
            guard let day = CivilDay(iso: row("date")) else { throw row.error("date", "expected a date YYYY-MM-DD, got \(FocusText.quote(row("date")))") }
            guard let bytes = try? Exact(decimal: row("bytes")), bytes.denominator == 1 else {
                throw row.error("bytes", "expected a whole number of bytes, got \(FocusText.quote(row("bytes")))")
            }
            guard !bytes.isNegative else { throw row.error("bytes", "expected a size of 0 or more bytes, got \(row("bytes"))") }
            guard !row("path").isEmpty else { throw row.error("path", "expected a directory path, got an empty value") }
            samples.append(StorageSample(date: day, path: StoragePath.normalized(row("path")), bytes: bytes, file: path, line: row.line))
        }
        return samples
    }

    static func readJSON(_ path: String, errors: inout InputErrorList) -> [StorageSample] {
        let name = (path as NSString).lastPathComponent
        guard let match = name.range(of: "[0-9]{4}-[0-9]{2}-[0-9]{2}", options: .regularExpression),
              let day = CivilDay(iso: String(name[match]))
        else {
            errors.add(InputError(file: path, line: 0, column: "", message: "a Qumulo quota file needs the night's date in its name, e.g. quotas-2025-01-15.json"))
            return []
        }
        var samples: [StorageSample] = []
        do throws(InputError) {
            let document = try JSONDocument.read(file: path)
            let quotas: [SettingsNode]
            if case .object = document.value {
                quotas = try document.object().require("quotas", "the list of quotas").array()
            } else {
                quotas = try document.array()
            }
            for quota in quotas {
                do throws(InputError) {
                    let q = try quota.object()
                    let dir = try q.require("path", "the quota's directory").string()
                    let bytes = try q.require("capacity_usage", "the bytes used").nonNegative("a size in bytes", allowString: true)
                    samples.append(StorageSample(date: day, path: StoragePath.normalized(dir), bytes: bytes, file: path, line: quota.origin.line))
                } catch {
                    errors.add(error)
                }
            }
        } catch {
            errors.add(error)
        }
        return samples
    }
}

/// The project folders under a Qumulo share, each with its
/// `.openchargeback.json` (read-only). Folders matching the exclude
/// patterns are not projects; a folder without the file is a project nobody
/// described (its use is billed without a PI, so ingest flags it).
public enum QumuloProjects {
    public static let metadataFile = ".openchargeback.json"

    public struct Result: Sendable {
        public var directories: [String: StorageDirectory] = [:]
        public var undescribed: [String] = []
    }

    public static func scan(root: String, excludes: [ConfigRegex], units: ByteUnits,
                            errors: inout InputErrorList, warnings: inout [String]) -> Result {
        var result = Result()
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        } catch {
            errors.add(InputError(file: root, line: 0, column: "", message: "cannot list the project folders: \(error.localizedDescription)"))
            return result
        }
        for name in names where !excludes.contains(where: { $0.matches(name) }) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            let file = root + "/" + name + "/" + metadataFile
            guard FileManager.default.fileExists(atPath: file) else {
                result.undescribed.append(name)
                continue
            }
            do throws(InputError) {
                result.directories[name] = try StorageSettings.qumuloProject(try JSONDocument.read(file: file), units: units, warnings: &warnings)
            } catch {
                errors.add(error)
            }
        }
        return result
    }
}
