/// The tool's version: `--version`, page footers, build state.
public enum ToolVersion {
    public static let current = "0.2.0"
}
