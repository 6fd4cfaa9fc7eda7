import EntryGuardSimulator

/// The examples of the API reference pages (../shared/api/), as simulator state.
enum Examples {
    static let roleID = "550e8400-e29b-41d4-a716-446655440000"
    static let resource1 = "660e8400-e29b-41d4-a716-446655440001"
    static let resource2 = "660e8400-e29b-41d4-a716-446655440002"
    /// A resource in no role and in no derived catalog.
    static let unknownResource = "660e8400-e29b-41d4-a716-4466554400ff"
    /// A role id no state holds.
    static let unknownRole = "550e8400-e29b-41d4-a716-4466554400ff"
    static let timestamp = "2026-02-18T10:30:00Z"

    /// The role of the "Get Role" page.
    static let devOpsRole = SimRole(
        id: roleID,
        name: "DevOps Team",
        description: "Full access to production resources",
        maxSessionDurationHours: 24,
        resourceIds: [resource1, resource2],
        userIds: ["770e8400-e29b-41d4-a716-446655440003", "770e8400-e29b-41d4-a716-446655440004"],
        createdAt: timestamp,
        updatedAt: timestamp
    )

    /// The "Get Role" page's success body, verbatim.
    static let getRoleBody = """
        {
        "id": "550e8400-e29b-41d4-a716-446655440000",
        "name": "DevOps Team",
        "description": "Full access to production resources",
        "maxSessionDurationHours": 24,
        "resourceIds": [
        "660e8400-e29b-41d4-a716-446655440001",
        "660e8400-e29b-41d4-a716-446655440002"
        ],
        "userIds": [
        "770e8400-e29b-41d4-a716-446655440003",
        "770e8400-e29b-41d4-a716-446655440004"
        ],
        "createdAt": "2026-02-18T10:30:00Z",
        "updatedAt": "2026-02-18T10:30:00Z"
        }
        """

    /// A configuration holding the example role.
    static var configuration: SimulatorConfiguration {
        SimulatorConfiguration(roles: [devOpsRole])
    }

    /// The path of the binding between the example role and `resource`.
    static func bindingPath(role: String = roleID, resource: String) -> String {
        "/roles/\(role)/resources/\(resource)"
    }
}

/// Whether `text` is an RFC 3339 UTC timestamp to the second, like `2026-02-18T10:30:00Z`.
func isSecondsTimestamp(_ text: String) -> Bool {
    text.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/) != nil
}
