import Foundation

/// Paths of the fixture files (Tests/ChargebackConvertTests/Fixtures), written for these tests.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    static func path(_ name: String) -> String { folder + "/" + name }
}
