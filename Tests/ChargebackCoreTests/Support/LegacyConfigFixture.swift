import Foundation

/// Tests/LegacySupport/legacy-config.yaml (a config of the legacy tool's example's
/// shape, written for the tests) with its placeholders filled in.
enum LegacyConfigFixture {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path + "/LegacySupport/legacy-config.yaml"

    static func yaml(devMode: Bool = false, prefix: String = "./instance/", smtpHost: String = "smtp.example.edu",
                     smtpPort: Int = 587, useTLS: Bool = true, flagPatterns: String = "[]", fundOrgPatterns: String = "[]",
                     database: String? = nil) throws -> String {
        let values = ["@DEV_MODE@": "\(devMode)", "@PREFIX@": prefix, "@DATABASE@": database ?? prefix + "billing.db",
                      "@SMTP_HOST@": smtpHost, "@SMTP_PORT@": "\(smtpPort)", "@USE_TLS@": "\(useTLS)",
                      "@FLAG_PATTERNS@": flagPatterns, "@FUND_ORG_PATTERNS@": fundOrgPatterns]
        var text = try String(contentsOfFile: file, encoding: .utf8)
        for (key, value) in values { text = text.replacingOccurrences(of: key, with: value) }
        return text
    }
}
