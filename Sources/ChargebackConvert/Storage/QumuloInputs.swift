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
        do throws(InputError) {
            let reader = try CSVReader(path: path)
            guard try reader.next() else {
                errors.add(InputError(file: path, line: 0, column: "", message: "the file is empty: expected a header naming date, path and bytes"))
                return []
            }
            let names = reader.strings.map { $0.trimmedWhitespace.lowercased() }
            guard let date = names.firstIndex(of: "date"), let dir = names.firstIndex(of: "path"), let size = names.firstIndex(of: "bytes") else {
                errors.add(InputError(file: path, line: reader.line, column: "", message: "header: expected the columns date, path and bytes, got \(names.joined(separator: ", "))"))
                return []
            }
            let fields = reader.fieldCount
            while true {
                let more: Bool
                do throws(InputError) { more = try reader.next() } catch { errors.add(error); continue }
                guard more else { break }
                guard reader.fieldCount == fields else {
                    errors.add(InputError(file: path, line: reader.line, column: "", message: "expected \(fields) fields, found \(reader.fieldCount)"))
                    continue
                }
                let dateText = reader.string(date).trimmedWhitespace
                guard let day = CivilDay(iso: dateText) else {
                    errors.add(InputError(file: path, line: reader.line, column: "date", message: "expected a date YYYY-MM-DD, got \(FocusText.quote(dateText))"))
                    continue
                }
                let bytesText = reader.string(size).trimmedWhitespace
                guard let bytes = try? Exact(decimal: bytesText), bytes.denominator == 1 else {
                    errors.add(InputError(file: path, line: reader.line, column: "bytes", message: "expected a whole number of bytes, got \(FocusText.quote(bytesText))"))
                    continue
                }
                guard !bytes.isNegative else {
                    errors.add(InputError(file: path, line: reader.line, column: "bytes", message: "expected a size of 0 or more bytes, got \(bytesText)"))
                    continue
                }
                let dirText = reader.string(dir).trimmedWhitespace
                guard !dirText.isEmpty else {
                    errors.add(InputError(file: path, line: reader.line, column: "path", message: "expected a directory path, got an empty value"))
                    continue
                }
                samples.append(StorageSample(date: day, path: StoragePath.normalized(dirText), bytes: bytes, file: path, line: reader.line))
            }
        } catch {
            errors.add(error)
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
