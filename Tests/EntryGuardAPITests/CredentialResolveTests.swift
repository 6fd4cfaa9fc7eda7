import Foundation
import TestSupport
import Testing
@testable import EntryGuardAPI

/// Where a credential comes from, and what is refused before any request: a trailing line break
/// (a pasted CI secret, a file's last line) is trimmed; any other control character is refused by a
/// message that names the variable or file and never shows the value.
@Suite("Credential.resolve", .timeLimit(.minutes(10)))
struct CredentialResolveTests {
    static let token = "tok-3c9a71e0"
    static let key = "key-51d2b8f4"

    static func file(_ contents: String) throws -> String {
        let path = Scratch.root.appendingPathComponent("egpolicy-token-\(UUID().uuidString)").path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a trailing \\n or \\r\\n is trimmed from ENTRYGUARD_TOKEN, ENTRYGUARD_API_KEY and the token file")
    func trailingLineBreakTrimmed() throws {
        for ending in ["\n", "\r\n", "\n\n", "\r\n\r\n"] {
            let bearer = try #require(try Credential.resolve(tokenFile: nil, environment: ["ENTRYGUARD_TOKEN": Self.token + ending]))
            #expect(bearer.kind == .bearer && bearer.secret == Self.token)
            let key = try #require(try Credential.resolve(tokenFile: nil, environment: ["ENTRYGUARD_API_KEY": Self.key + ending]))
            #expect(key.kind == .apiKey && key.secret == Self.key)
            let fromFile = try #require(try Credential.resolve(tokenFile: try Self.file(Self.token + ending), environment: [:]))
            #expect(fromFile.kind == .bearer && fromFile.secret == Self.token)
            #expect(fromFile.headerValue == "Bearer \(Self.token)")
        }
    }

    /// A value that is refused, and the part of the message that names its source.
    static let refused: [(value: String, reason: String)] = [
        ("tok-3c9a\n71e0", "holds a line break inside the credential"),
        ("tok-3c9a\r71e0", "holds a line break inside the credential"),
        ("tok-3c9a71e0\r", "holds a line break inside the credential"),
        ("tok-3c9a\t71e0", "holds a control character"),
        ("tok-3c9a\u{1B}[0m71e0", "holds a control character"),
        ("tok-3c9a71e0\u{7F}", "holds a control character"),
        ("tok-3c9a\u{85}71e0", "holds a control character"),
        ("\u{0}tok-3c9a71e0", "holds a control character"),
        ("\n", "is empty (or holds only a line break)"),
        ("\r\n", "is empty (or holds only a line break)"),
    ]

    @Test("a control character anywhere else, or nothing but a line break: refused, naming the source, never showing the value",
          arguments: refused)
    func controlCharactersRefused(value: String, reason: String) throws {
        let sources: [(String, () throws -> Credential?)] = [
            ("ENTRYGUARD_TOKEN", { try Credential.resolve(tokenFile: nil, environment: ["ENTRYGUARD_TOKEN": value, "ENTRYGUARD_API_KEY": Self.key]) }),
            ("ENTRYGUARD_API_KEY", { try Credential.resolve(tokenFile: nil, environment: ["ENTRYGUARD_API_KEY": value]) }),
            ("the token file", { try Credential.resolve(tokenFile: try Self.file(value), environment: ["ENTRYGUARD_TOKEN": Self.token]) }),
        ]
        for (source, resolve) in sources {
            do {
                _ = try resolve()
                Issue.record("\(source): \(value.debugDescription) was accepted")
            } catch let error as CredentialError {
                #expect(error.message.hasPrefix(source), "\(error.message)")
                #expect(error.message.contains(reason), "\(error.message)")
                #expect(!error.message.contains("tok-3c9a") && !error.message.contains("71e0"), "\(error.message)")
            }
        }
    }

    @Test("an empty variable counts as unset: the next source is used")
    func emptyVariableIsUnset() throws {
        let credential = try #require(try Credential.resolve(tokenFile: nil, environment: ["ENTRYGUARD_TOKEN": "", "ENTRYGUARD_API_KEY": Self.key]))
        #expect(credential.kind == .apiKey)
        #expect(try Credential.resolve(tokenFile: nil, environment: ["ENTRYGUARD_TOKEN": ""]) == nil)
    }
}
