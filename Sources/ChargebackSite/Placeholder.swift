import CCmarkGFM
import Mustache
enum SiteTarget { static func v() -> String { String(cString: cmark_version_string()) } }
