import Foundation
import PolicyLoader
import PolicyModel
import TestSupport
import Testing

/// What the walk of a directory argument reads, skips and reports (README "Policy files"; issue 10,
/// item 9): it does not leave the tree, and nothing is skipped without a diagnostic.
@Suite("Directory walk")
struct DirectoryWalkTests {
    static let policy = "version: 1\nroles: []\n"

    /// A fresh temporary tree: `root/policies/a.yaml` and, outside the walked folder, `root/foreign.yaml`.
    static func tree() throws -> (root: String, policies: String) {
        let root = Scratch.root.appendingPathComponent("egpolicy-walk-\(UUID().uuidString)").path
        let policies = root + "/policies"
        try FileManager.default.createDirectory(atPath: policies, withIntermediateDirectories: true)
        try write(policy, to: policies + "/a.yaml")
        try write(policy, to: root + "/foreign.yaml")
        return (root, policies)
    }

    /// Removes a tree made by `tree()`: links are removed, never followed.
    static func remove(_ root: String) {
        try? FileManager.default.removeItem(atPath: root)
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func link(_ path: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: destination)
    }

    @Test("a symbolic link to a directory is not followed (a link to '..' pulls nothing in), and is reported")
    func linkToParent() throws {
        let (root, policies) = try Self.tree()
        defer { Self.remove(root) }
        try Self.link(policies + "/up", to: "..")
        let (files, diagnostics) = PolicyFileFinder.find([policies])
        #expect(files == [policies + "/a.yaml"])
        #expect(diagnostics.map(\.description) == [
            "\(policies)/up: warning: is a symbolic link to a directory; not followed (name the directory as an argument to read it)",
        ])
    }

    @Test("a symbolic link to '/' is not walked")
    func linkToRoot() throws {
        let (root, policies) = try Self.tree()
        defer { Self.remove(root) }
        try Self.link(policies + "/everything", to: "/")
        let (files, diagnostics) = PolicyFileFinder.find([policies])
        #expect(files == [policies + "/a.yaml"])
        #expect(diagnostics.count == 1 && diagnostics[0].severity == .warning)
    }

    @Test("a policy file that links outside the walked directory is an error and is not read")
    func fileLinkOutside() throws {
        let (root, policies) = try Self.tree()
        defer { Self.remove(root) }
        try Self.link(policies + "/shared.yaml", to: root + "/foreign.yaml")
        let (files, diagnostics) = PolicyFileFinder.find([policies])
        #expect(files == [policies + "/a.yaml"])
        #expect(diagnostics.map(\.description) == [
            "\(policies)/shared.yaml: error: is a symbolic link to a file outside \(policies); not read",
        ])
        #expect(PolicyLoader().load(paths: [policies]).diagnostics.hasErrors)
    }

    @Test("a policy file that links to another file inside the walked directory is read")
    func fileLinkInside() throws {
        let (root, policies) = try Self.tree()
        defer { Self.remove(root) }
        try FileManager.default.createDirectory(atPath: policies + "/sub", withIntermediateDirectories: true)
        try Self.write(Self.policy, to: policies + "/sub/b.yml")
        try Self.link(policies + "/b.yaml", to: "sub/b.yml")
        let (files, diagnostics) = PolicyFileFinder.find([policies])
        #expect(files == [policies + "/a.yaml", policies + "/b.yaml", policies + "/sub/b.yml"])
        #expect(diagnostics.isEmpty)
    }

    @Test("a dangling *.yaml link is an error: a declared policy file is missing")
    func danglingLink() throws {
        let (root, policies) = try Self.tree()
        defer { Self.remove(root) }
        try Self.link(policies + "/gone.yaml", to: "nowhere/gone.yaml")
        let (files, diagnostics) = PolicyFileFinder.find([policies])
        #expect(files == [policies + "/a.yaml"])
        #expect(diagnostics.map(\.description) == [
            "\(policies)/gone.yaml: error: is a symbolic link to a file that does not exist",
        ])
    }

    @Test("a policy file whose name is not UTF-8 is an error naming it with the bytes escaped")
    func nonUTF8Name() throws {
        let (root, policies) = try Self.tree()
        defer { Self.remove(root) }
        var bytes = Array((policies + "/caf").utf8) + [0xE9] + Array(".yaml".utf8)
        bytes.append(0)
        let descriptor = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        try #require(descriptor >= 0)
        close(descriptor)
        let (files, diagnostics) = PolicyFileFinder.find([policies])
        #expect(files == [policies + "/a.yaml"])
        #expect(diagnostics.map(\.description) == [
            "\(policies)/caf\\x{E9}.yaml: error: the file name is not valid UTF-8; rename the file to read it",
        ])
    }

    @Test("paths named on the command line are read as given, links included")
    func explicitLinks() throws {
        let (root, _) = try Self.tree()
        defer { Self.remove(root) }
        try Self.link(root + "/via-link.yaml", to: root + "/foreign.yaml")
        try Self.link(root + "/linked-policies", to: "policies")
        let (files, diagnostics) = PolicyFileFinder.find([root + "/via-link.yaml", root + "/linked-policies"])
        #expect(files == [root + "/linked-policies/a.yaml", root + "/via-link.yaml"])
        #expect(diagnostics.isEmpty)
    }
}
