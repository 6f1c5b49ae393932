@testable import ChargebackMarkdown
import Testing

/// The one escaper of markup the tool writes (HTML, SVG, Pango), the GFM tag filter and character references.
@Suite struct EscapingTests {
    @Test func xmlTextEscapesTheFiveCharactersByByte() {
        #expect(XMLText.escape("<a href=\"x\">O'Brien & co</a>") == "&lt;a href=&quot;x&quot;&gt;O&#39;Brien &amp; co&lt;/a&gt;")
        // A quote followed by a combining mark is one Character, but still a quote to a browser.
        #expect(XMLText.escape("\"\u{301}") == "&quot;\u{301}")
        #expect(XMLText.escape("plain Zoë 中文") == "plain Zoë 中文")
        var out: [UInt8] = Array("x".utf8)
        XMLText.append("<", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "x&lt;")
    }

    @Test func oneLineTextHasNoBreaksAndNoCharacterXMLForbids() {
        #expect(XMLText.escapeOneLine("a\n\tb\r\u{0}c\u{FFFF}<") == "a  b \u{FFFD}c\u{FFFD}&lt;")
    }

    @Test func tagFilterNeutralisesTheNineTagsAndNothingElse() {
        func filtered(_ html: String) -> String {
            var out: [UInt8] = []
            TagFilter.append(html, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        #expect(filtered("<script>x</script><SCRIPT src=a><style>b</style><iframe/><title>t</title>")
                == "&lt;script>x&lt;/script>&lt;SCRIPT src=a>&lt;style>b&lt;/style>&lt;iframe/>&lt;title>t&lt;/title>")
        #expect(filtered("<div class=\"scripty\"><scripts><b>ok</b><textarea\n>") == "<div class=\"scripty\"><scripts><b>ok</b>&lt;textarea\n>")
        #expect(filtered("<plaintext") == "<plaintext", "a tag name at the very end is not a tag yet")
    }

    @Test func characterReferencesDecode() {
        #expect(CharacterReferences.decode("project&#45;1 &#x2D; &amp; &lt;b&gt; &unknown; & x") == "project-1 - & <b> &unknown; & x")
    }

    @Test func markdownEscapingLeavesLettersDigitsAndNonASCII() {
        #expect(MarkdownEscaping.escape("a|b 9Zoë") == "a&#124;b&#32;9Zoë")
        #expect(MarkdownEscaping.escape("a@b") == "a" + EmailAutolinkGuard.escapedAt + "b")
        #expect(MarkdownEscaping.escape("x\u{85}y\n") == "x&#32;y&#32;")
    }
}
