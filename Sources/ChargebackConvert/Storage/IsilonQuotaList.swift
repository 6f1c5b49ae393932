import ChargebackCore

/// Reads the JSON of `isi quota quotas list --format=json` (a list of
/// quotas) or of the platform API (`{"quotas": [...]}`), what the legacy
/// script read from `--quota-file`.
///
/// Each directory quota gives one undated sample: its `path` and the
/// `usage` figure named by `usageField` (`logical` by default; a number, or
/// a string holding one). User, group and default quotas are not a
/// directory's use and are counted, not billed. A missing or negative size
/// is an error naming the line and JSON path.
public enum IsilonQuotaList {
    public struct Result: Sendable, Equatable {
        public var samples: [StorageSample] = []
        /// Quota types that were not billed, with counts.
        public var otherTypes: [String: Int] = [:]
    }

    public static func read(_ document: SettingsNode, usageField: String, errors: inout InputErrorList) -> Result {
        var result = Result()
        let quotas: [SettingsNode]
        do throws(InputError) {
            if case .object = document.value {
                let o = try document.object()
                quotas = try o.require("quotas", "the list of quotas").array()
            } else {
                quotas = try document.array()
            }
        } catch {
            errors.add(error)
            return result
        }
        for quota in quotas {
            do throws(InputError) {
                let q = try quota.object()
                let path = try q.require("path", "the quota's directory").string()
                if let type = try q.value("type")?.string(), type != "directory" {
                    result.otherTypes[type, default: 0] += 1
                    continue
                }
                let usage = try q.require("usage", "the quota's usage")
                let size: SettingsNode
                if case .object = usage.value {
                    let u = try usage.object()
                    guard let v = u.value(usageField) else {
                        let keys = u.entries.map(\.key).joined(separator: ", ")
                        throw usage.error("missing usage.\(usageField) (convert.storage.isilon.usage_field); this quota's usage has: \(keys)")
                    }
                    size = v
                } else {
                    size = usage
                }
                let bytes = try size.nonNegative("a size in bytes", allowString: true)
                result.samples.append(StorageSample(date: nil, path: StoragePath.normalized(path), bytes: bytes,
                                                    file: quota.origin.file, line: quota.origin.line))
            } catch {
                errors.add(error)
            }
        }
        return result
    }
}
