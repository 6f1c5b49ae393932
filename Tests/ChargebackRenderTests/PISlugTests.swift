@testable import ChargebackRender
import Testing

@Suite struct PISlugTests {
    @Test func readableForOrdinaryAddresses() {
        #expect(PISlug.make("Jane.Doe@Northfield.example.edu") == "jane.doe_northfield.example.edu")
        #expect(PISlug.make("a-b@c.org") == "a-b_c.org")
    }

    @Test func sameLocalPartAtDifferentDomainsDoNotCollide() {
        #expect(PISlug.make("jane@a.edu") != PISlug.make("jane@b.edu"))
        #expect(PISlug.make("jane_a@b.edu") != PISlug.make("jane@a_b.edu"))
        #expect(PISlug.make("jane~5f@a.edu") != PISlug.make("jane_@a.edu"))
    }

    @Test func pathsInDataStayInsideOneFolderName() {
        for hostile in ["../../etc/passwd", "..", ".", "/abs@x", "a/b@c", "..\\x", "%2e%2e/x", "x\u{0}y", "."] {
            let slug = PISlug.make(hostile)
            #expect(!slug.contains("/") && !slug.contains("\\") && !slug.contains("\u{0}"))
            #expect(slug != "." && slug != ".." && !slug.hasPrefix("."))
            #expect(slug.unicodeScalars.allSatisfy { $0.isASCII })
        }
    }

    @Test func distinctAddressesGiveDistinctSlugs() {
        var seen: [String: String] = [:]
        let alphabet = Array("ab.-_@~/%é漢 +")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let email = String((0..<Int.random(in: 1...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
            let slug = PISlug.make(email)
            if let other = seen[slug] { #expect(other == email.lowercased(), "\(other) and \(email) share \(slug)") }
            seen[slug] = email.lowercased()
        }
    }

    @Test func longAddressesAreCutWithADigestAndStayDistinct() {
        let a = String(repeating: "x", count: 300) + "@a.edu"
        let b = String(repeating: "x", count: 300) + "@b.edu"
        #expect(PISlug.make(a).utf8.count <= PathSlug.maxLength)
        #expect(PISlug.make(a) != PISlug.make(b))
    }

    @Test func projectSlugsKeepCaseAndStayOneFileName() {
        #expect(ProjectSlug.make("Genomics-2") == "Genomics-2")
        #expect(ProjectSlug.make("Genomics") != ProjectSlug.make("genomics"))
        #expect(ProjectSlug.make("../../etc/passwd") == "~2e.~2f..~2fetc~2fpasswd")
        #expect(ProjectSlug.make("Ωmega lab") == "~ce~a9mega~20lab")
        for hostile in ["..", ".", "", "a/b", "a\u{0}b", "x.pdf/../../y"] {
            let slug = ProjectSlug.make(hostile)
            #expect(!slug.contains("/") && slug != "." && slug != ".." && !slug.isEmpty, "\(hostile) → \(slug)")
        }
    }
}
