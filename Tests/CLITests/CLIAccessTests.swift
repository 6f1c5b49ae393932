import Foundation
import Testing

/// `site.access` through the real binary: `build` says where the rules are,
/// and a bad setting stops it with the file, line and key.
@Suite struct CLIAccessTests {
    /// config.example.yaml with one line of its site.access section replaced.
    static func config(replacing line: String, with replacement: String) throws -> String {
        let example = try CLI.exampleConfig()
        #expect(example.contains(line), "config.example.yaml changed: no site.access \(line)")
        return example.replacingOccurrences(of: line, with: replacement)
    }

    @Test func buildWithNginxRulesSaysWhatToInclude() throws {
        let cli = try CLI(configYAML: try Self.config(replacing: "    mode: none\n", with: "    mode: nginx\n"))
        let files = ["aws", "azure", "hpc", "storage"].map { CLI.sample("\($0)_2026-09.csv") }
        #expect(try cli.run(["ingest"] + files + ["-p", "2026-09"]).status == 0)
        let build = try cli.run(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("access rules: include \(cli.folder)/_site/.openchargeback-nginx-http.conf in http {}"))
        let server = try String(contentsOfFile: cli.folder + "/_site/.openchargeback-nginx-server.conf", encoding: .utf8)
        #expect(server.contains("location \"/pi/amara.okafor_northfield.example.edu/\" {"))
        let http = try String(contentsOfFile: cli.folder + "/_site/.openchargeback-nginx-http.conf", encoding: .utf8)
        // The example's delegate reads that PI's pages; the example's admin reads them too.
        #expect(http.contains("\"~^/pi/amara\\.okafor_northfield\\.example\\.edu/:(amara\\.okafor@northfield\\.example\\.edu|"
                              + "lab-manager@northfield\\.example\\.edu|research-billing@northfield\\.example\\.edu)$\" \"\";"))
    }

    @Test func aBadAccessSettingStopsTheBuildNamingTheKey() throws {
        let cli = try CLI(configYAML: try Self.config(replacing: "    require: \"Require user {identity}\"\n",
                                                      with: "    require: \"Require {identity}\"\n"))
        let build = try cli.run(["build"])
        #expect(build.status == 1)
        #expect(build.stderr.contains("config.yaml:"))
        #expect(build.stderr.contains("site.access.require: expected one line such as \"Require user {identity}\", got \"Require {identity}\""), "\(build.stderr)")
    }
}
