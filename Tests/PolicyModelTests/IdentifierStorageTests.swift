import PolicyModel
import Testing

/// Ids are held as 128 bits; their text, order and equality must be the text's.
@Suite("UUIDIdentifier storage")
struct IdentifierStorageTests {
    @Test("the text comes back lowercase, whatever case went in", arguments: [
        ("550e8400-e29b-41d4-a716-446655440000", "550e8400-e29b-41d4-a716-446655440000"),
        ("550E8400-E29B-41D4-A716-4466554400FF", "550e8400-e29b-41d4-a716-4466554400ff"),
        ("ffffffff-ffff-ffff-ffff-ffffffffffff", "ffffffff-ffff-ffff-ffff-ffffffffffff"),
        ("00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000"),
    ])
    func roundTrip(text: String, expected: String) throws {
        let id = try #require(ResourceID(text))
        #expect(id.rawValue == expected)
        #expect(id == ResourceID(expected))
        #expect(id.hashValue == ResourceID(expected)?.hashValue)
    }

    @Test("malformed texts are refused", arguments: [
        "", "550e8400-e29b-41d4-a716-44665544000", "550e8400-e29b-41d4-a716-4466554400000",
        "550e8400e29b-41d4-a716-4466554400000", "550e8400-e29b-41d4-a716-44665544000g", " 550e8400-e29b-41d4-a716-446655440000",
        "550e8400-e29b-41d4-a716_446655440000", "550e8400-e29b-41d4-a716-446655440000\n", "prod-gateway",
    ])
    func refused(text: String) {
        #expect(RoleID(text) == nil)
    }

    @Test("ids order exactly as their lowercase texts do")
    func order() {
        var generator = SystemRandomNumberGenerator()
        let texts = (0..<500).map { _ in
            let hex = (0..<32).map { _ in String(UInt8.random(in: 0..<16, using: &generator), radix: 16) }.joined()
            let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
            return parts.joined(separator: "-")
        } + ["00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0001-000000000000", "0000000a-0000-0000-0000-000000000000"]
        let ids = texts.compactMap(ResourceID.init)
        #expect(ids.count == texts.count)
        #expect(ids.sorted().map(\.rawValue) == texts.sorted())
    }
}
