import EntryGuardAPI
import Foundation
import TestSupport
import Testing

/// README, "Credentials and logging in": the stored logins file.
@Suite("Credentials file", .timeLimit(.minutes(10)))
struct CredentialsFileTests {
    static func scratch() -> String {
        let directory = Scratch.root.appendingPathComponent("egpolicy-credentials-\(UUID().uuidString)").path
        return directory + "/config/egpolicy/credentials.json"
    }

    static func entry(_ token: String) -> CredentialsFile.Entry {
        CredentialsFile.Entry(organizationSlug: "acme", email: "ci@acme.example", refreshToken: token, savedAt: "2026-12-01T10:00:00Z")
    }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("the default path follows XDG_CONFIG_HOME, else HOME/.config; relative values are ignored")
    func defaultPath() {
        #expect(CredentialsFile.defaultPath(environment: ["XDG_CONFIG_HOME": "/x/conf", "HOME": "/home/u"]) == "/x/conf/egpolicy/credentials.json")
        #expect(CredentialsFile.defaultPath(environment: ["XDG_CONFIG_HOME": "rel", "HOME": "/home/u"]) == "/home/u/.config/egpolicy/credentials.json")
        #expect(CredentialsFile.defaultPath(environment: [:]) == nil)
    }

    @Test("one entry per API URL, written with mode 0600 in a folder of mode 0700; removing one keeps the other")
    func entries() async throws {
        let file = CredentialsFile(path: Self.scratch())
        try await file.update("https://a.example/api/v1") { _ in (Self.entry("token-a"), ()) }
        try await file.update("https://b.example/api/v1") { _ in (Self.entry("token-b"), ()) }
        #expect(try Self.mode(file.path) == 0o600)
        #expect(try Self.mode((file.path as NSString).deletingLastPathComponent) == 0o700)
        #expect(try await file.entry(for: "https://a.example/api/v1")?.refreshToken == "token-a")
        try await file.update("https://a.example/api/v1") { _ in (nil, ()) }
        #expect(try await file.entry(for: "https://a.example/api/v1") == nil)
        #expect(try await file.entry(for: "https://b.example/api/v1")?.refreshToken == "token-b")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (file.path as NSString).deletingLastPathComponent)
        #expect(leftovers.sorted() == ["credentials.json", "credentials.json.lock"])
    }

    @Test("a file that group or others can read is refused, saying how to fix it", arguments: [0o640, 0o604, 0o644])
    func readableByOthers(mode: Int) async throws {
        let file = CredentialsFile(path: Self.scratch())
        try await file.update("https://a.example/api/v1") { _ in (Self.entry("token-a"), ()) }
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file.path)
        await #expect {
            _ = try await file.entry(for: "https://a.example/api/v1")
        } throws: { error in
            "\(error)" == "the credentials file \(file.path) can be read by others (mode \(String(mode, radix: 8))); it holds a login: "
                + "run 'chmod 600 \(file.path)', or remove it and run 'egpolicy login' again"
        }
    }

    @Test("updates are serialized by the lock: 40 concurrent read-modify-writes lose none")
    func lock() async throws {
        let file = CredentialsFile(path: Self.scratch())
        try await file.update("u") { _ in (Self.entry("0"), ()) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await file.update("u") { entry in
                        let count = Int(entry?.refreshToken ?? "0")! + 1
                        try await Task.sleep(for: .milliseconds(1))
                        return (Self.entry("\(count)"), ())
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await file.entry(for: "u")?.refreshToken == "40")
    }

    @Test("a file egpolicy did not write is refused, naming the way out")
    func foreignFile() async throws {
        let file = CredentialsFile(path: Self.scratch())
        try FileManager.default.createDirectory(atPath: (file.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: file.path, contents: Data("[1, 2]".utf8), attributes: [.posixPermissions: 0o600]))
        await #expect {
            _ = try await file.entry(for: "u")
        } throws: { error in
            "\(error)".hasPrefix("the credentials file \(file.path) is not one egpolicy wrote") && "\(error)".hasSuffix("remove it and run 'egpolicy login' again")
        }
    }
}
