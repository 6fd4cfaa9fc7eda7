import Foundation
import PolicyModel
@testable import Rendering
import Testing

/// Bidi overrides, zero-width and other invisible characters are shown escaped wherever a person
/// reads the output, and kept exact in JSON (issue 10, items 8 and 13).
@Suite("Invisible characters and paths in outputs")
struct InvisibleCharacterTests {
    /// "DevOps" with a right-to-left override, a zero-width space, a no-break space and a BOM.
    static let trickyName = "Dev\u{202E}Ops\u{200B}\u{00A0}Team\u{FEFF}"
    static let escapedName = #"Dev\u{202E}Ops\u{200B}\u{A0}Team\u{FEFF}"#

    static func plan(name: String, source: String) -> Plan {
        var plan = MarkdownLimitTests.bigPlan(roles: 1, perRole: 1)
        plan.roles[0].name = name
        plan.roles[0].source = SourceLocation(parsing: source)!
        plan.changes[0].roleName = name
        return plan
    }

    @Test("format characters (Cf), invisible separators and fillers are escaped; visible text is not")
    func escaper() {
        #expect(PrintableText.escaped(Self.trickyName) == Self.escapedName)
        for scalar: Unicode.Scalar in ["\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{202A}", "\u{202D}",
                                       "\u{2060}", "\u{2064}", "\u{2066}", "\u{2069}", "\u{FEFF}", "\u{00AD}", "\u{034F}",
                                       "\u{115F}", "\u{3164}", "\u{FE0F}", "\u{E0041}", "\u{2028}", "\u{85}", "\u{3000}"] {
            let escaped = PrintableText.escaped("a\(scalar)b")
            #expect(escaped == "a\\u{\(String(scalar.value, radix: 16, uppercase: true))}b")
        }
        for visible in ["DevOps Team", "Équipe Sécurité", "e\u{0301}quipe", "東京チーム", "команда", "😀"] {
            #expect(PrintableText.escaped(visible) == visible)
        }
    }

    @Test("text and Markdown plans show the name escaped; JSON keeps it exact")
    func plans() throws {
        let plan = Self.plan(name: Self.trickyName, source: "policies/t.yaml:1:5")
        let text = PlanText.render(plan)
        #expect(text.contains("\"\(Self.escapedName)\""))
        #expect(!text.unicodeScalars.contains { $0.properties.generalCategory == .format })
        let markdown = PlanMarkdown.render(plan)
        // In <summary> (HTML, not Markdown) the escapes stand as they are: no backslash doubled.
        #expect(markdown.contains(#"<b>Dev\u{202E}Ops\u{200B}\u{A0}Team\u{FEFF}</b>"#))
        #expect(!markdown.unicodeScalars.contains { $0.properties.generalCategory == .format })
        let json = try JSONSerialization.jsonObject(with: Data(PlanJSON.render(plan).utf8)) as? [String: Any]
        let roles = json?["roles"] as? [[String: Any]]
        #expect(roles?.first?["name"] as? String == Self.trickyName)
    }

    @Test("annotations: a path or name cannot start a workflow command or hide characters")
    func annotations() {
        let path = "policies/x\n::error file=injected.yaml::pwned\u{1B}[2J\u{202E}.yaml"
        let diagnostic = Diagnostic.error("no live role is named 'Dev\u{200B}Ops'", at: SourceLocation(path: path, line: 3, column: 5))
        let line = GitHubAnnotations.render(diagnostic)
        #expect(line == #"::error file=policies/x\n%3A%3Aerror file=injected.yaml%3A%3Apwned\u{1B}[2J\u{202E}.yaml,line=3,col=5::no live role is named 'Dev\u{200B}Ops'"#)
        let warnings = GitHubAnnotations.driftWarnings(Self.plan(name: "Ops\u{1B}[2J\u{202E}", source: path + ":1:5"))
        #expect(warnings.count == 1)
        #expect(!warnings[0].contains("\n") && !warnings[0].contains("\u{1B}") && !warnings[0].contains("\u{202E}"))
        #expect(warnings[0].hasSuffix(#"::role 'Ops\u{1B}[2J\u{202E}' differs from the policy: 1 to unassign"#))
    }
}
