import Foundation
import Crypto
import PolicyModel
import Reconciler
import Testing

/// The policy digest hashes the canonical text as it writes it, without building it; it must stay
/// the digest of that text, whatever the roles' order, ids, names and repeats.
@Suite("Policy digest")
struct PolicyDigestTests {
    static func digestOfText(_ desired: DesiredState) -> String {
        "sha256:" + SHA256.hash(data: Array(desired.canonicalText.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func role(_ id: String?, _ name: String?, _ resources: [Int]) -> DesiredRole {
        let location = SourceLocation(path: "p.yaml", line: 1, column: 1)
        return DesiredRole(id: id.flatMap(RoleID.init), name: name,
                           resources: resources.map { ResourceReference(id: ResourceID(String(format: "660e8400-e29b-41d4-a716-%012x", $0))!, location: location) },
                           location: location)
    }

    static let cases: [[DesiredRole]] = [
        [],
        [role("550e8400-e29b-41d4-a716-000000000002", "b", [3, 1]), role("550E8400-E29B-41D4-A716-000000000001", "a", [])],
        [role(nil, "z\tname", [2]), role("550e8400-e29b-41d4-a716-00000000000a", nil, [9, 4]), role(nil, "é", [1]), role(nil, "z", [5])],
        [role("550e8400-e29b-41d4-a716-000000000001", "x", [1]), role("550e8400-e29b-41d4-a716-000000000001", "y", [2]), role(nil, "n", [])],
    ]

    @Test("the digest is the SHA-256 of the canonical text", arguments: cases.indices)
    func digestOfCanonicalText(_ index: Int) {
        let desired = DesiredState(roles: Self.cases[index])
        #expect(PolicyDigest.compute(desired) == Self.digestOfText(desired))
    }
}
