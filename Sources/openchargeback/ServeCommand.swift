import ArgumentParser

/// The legacy tool's `serve`: there is no server here, so it says what to run
/// instead. Every legacy option (`-h HOST`, `-p PORT`, `--reload`, `-c`) is
/// accepted so that the message, not a usage error, is what the user sees.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "(legacy) There is no web server: build a static site and publish it.",
        shouldDisplay: false, helpNames: [.long])

    @Argument(parsing: .allUnrecognized) var legacyOptions: [String] = []

    static let message = "there is no `serve` in OpenChargeback: the site is static. Run `openchargeback build` (it writes "
        + "output.site_dir) and publish that folder with your web server behind single sign-on (docs/site.md, docs/access.md); "
        + "for a quick local look: python3 -m http.server --directory SITE_DIR 8000"

    func run() throws {
        throw CommandFailure(Self.message)
    }
}
