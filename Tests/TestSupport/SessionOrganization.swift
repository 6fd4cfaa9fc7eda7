import EntryGuardSimulator
import Foundation

/// An organization whose unassignments meet every kind of session `apply --end-sessions` must tell
/// apart (README, "Sessions"). The policy removes prod-db from both managed roles:
///
/// | session      | user  | why it is (not) stopped                                              |
/// |--------------|-------|----------------------------------------------------------------------|
/// | `alice`      | alice | DevOps only: loses prod-db, rule APPLIED → stopped (also ends staging) |
/// | `bob`        | bob   | DevOps and DBAs, both lose prod-db → stopped once                     |
/// | `carol`      | carol | keeps prod-db through Auditors (unmanaged) → kept                     |
/// | `dave`       | dave  | loses prod-db, but the rule on it is already REMOVED → kept           |
/// | `erin`       | erin  | only in Auditors (unmanaged) → kept                                   |
/// | `aliceOld`   | alice | EXPIRED long ago → not active, not listed                             |
/// | `frank`      | frank | PENDING rule on prod-db, session PARTIAL → stopped                    |
public enum SessionOrganization {
    public static let prodDB = "660e8400-e29b-41d4-a716-446655440a01"
    public static let staging = "660e8400-e29b-41d4-a716-446655440a02"
    public static let reports = "660e8400-e29b-41d4-a716-446655440a03"

    public static let devOps = "550e8400-e29b-41d4-a716-446655440a01"
    public static let dbas = "550e8400-e29b-41d4-a716-446655440a02"
    public static let auditors = "550e8400-e29b-41d4-a716-446655440a03"

    public static let alice = SimUser(id: "770e8400-e29b-41d4-a716-446655440a01", email: "alice@acme.example", name: "Alice")
    public static let bob = SimUser(id: "770e8400-e29b-41d4-a716-446655440a02", email: "bob@acme.example", name: "Bob")
    public static let carol = SimUser(id: "770e8400-e29b-41d4-a716-446655440a03", email: "carol@acme.example", name: "Carol")
    public static let dave = SimUser(id: "770e8400-e29b-41d4-a716-446655440a04", email: "dave@acme.example", name: "Dave")
    public static let erin = SimUser(id: "770e8400-e29b-41d4-a716-446655440a05", email: "erin@acme.example", name: "Erin")
    public static let frank = SimUser(id: "770e8400-e29b-41d4-a716-446655440a06", email: "frank@acme.example", name: "Frank")

    public static let users = [alice, bob, carol, dave, erin, frank]

    public static let resources = [
        SimResource(id: prodDB, name: "prod-db"),
        SimResource(id: staging, name: "staging"),
        SimResource(id: reports, name: "reports"),
    ]

    public static let roles = [
        SimRole(id: devOps, name: "DevOps", maxSessionDurationHours: 8, resourceIds: [prodDB, staging],
                userIds: [alice.id, bob.id, carol.id, frank.id]),
        SimRole(id: dbas, name: "DBAs", maxSessionDurationHours: 4, resourceIds: [prodDB, reports],
                userIds: [bob.id, dave.id]),
        SimRole(id: auditors, name: "Auditors", resourceIds: [prodDB], userIds: [carol.id, erin.id]),
    ]

    /// The expiry of every live session: far enough ahead that none expires during a test.
    public static let expiresAt = "2099-01-01T08:00:00Z"

    public static func session(_ number: Int) -> String {
        String(format: "990e8400-e29b-41d4-a716-446655440%03x", number)
    }

    static func rule(_ number: Int, _ resource: String, _ status: SimResourceIP.Status = .applied) -> SimResourceIP {
        SimResourceIP(id: String(format: "aa0e8400-e29b-41d4-a716-446655440%03x", number), resourceId: resource,
                      resourceName: resources.first { $0.id == resource }?.name, status: status)
    }

    public static let aliceSession = SimSession(id: session(1), userId: alice.id, userEmail: alice.email, startedAt: "2026-12-01T08:00:00Z",
                                                expiresAt: expiresAt, resourceIps: [rule(1, prodDB), rule(2, staging)])
    public static let bobSession = SimSession(id: session(2), userId: bob.id, userEmail: bob.email, startedAt: "2026-12-01T08:01:00Z",
                                              expiresAt: expiresAt, resourceIps: [rule(3, prodDB), rule(4, reports)])
    public static let carolSession = SimSession(id: session(3), userId: carol.id, userEmail: carol.email, startedAt: "2026-12-01T08:02:00Z",
                                                expiresAt: expiresAt, resourceIps: [rule(5, prodDB)])
    public static let daveSession = SimSession(id: session(4), userId: dave.id, userEmail: dave.email, startedAt: "2026-12-01T08:03:00Z",
                                               expiresAt: expiresAt, resourceIps: [rule(6, prodDB, .removed), rule(7, reports)])
    public static let erinSession = SimSession(id: session(5), userId: erin.id, userEmail: erin.email, startedAt: "2026-12-01T08:04:00Z",
                                               expiresAt: expiresAt, resourceIps: [rule(8, prodDB)])
    public static let aliceOldSession = SimSession(id: session(6), userId: alice.id, userEmail: alice.email, status: .expired,
                                                   startedAt: "2026-11-01T08:00:00Z", expiresAt: "2026-11-01T16:00:00Z",
                                                   endedAt: "2026-11-01T16:00:00Z", endedReason: "EXPIRED",
                                                   resourceIps: [rule(9, prodDB, .removed)])
    public static let frankSession = SimSession(id: session(7), userId: frank.id, userEmail: frank.email, status: .partial,
                                                startedAt: "2026-12-01T08:05:00Z", expiresAt: expiresAt,
                                                resourceIps: [rule(10, prodDB, .pending), rule(11, staging, .failed)])

    public static let sessions = [aliceSession, bobSession, carolSession, daveSession, erinSession, aliceOldSession, frankSession]

    /// The sessions apply --end-sessions stops, by id.
    public static let sessionsToStop: Set<String> = [aliceSession.id, bobSession.id, frankSession.id]

    /// The policy: DevOps keeps staging, DBAs keep reports; Auditors are not managed.
    public static let policy = """
        version: 1
        resources:
          staging: \(staging)
          reports: \(reports)
        roles:
          - id: \(devOps)
            name: DevOps
            resources: [staging]
          - id: \(dbas)
            name: DBAs
            resources: [reports]

        """

    /// The policy written to a new temporary file; its path.
    public static func policyFile() throws -> String {
        let directory = Scratch.root.appendingPathComponent("egpolicy-sessions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("policy.yaml").path
        try Data(policy.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The organization in a simulator configuration with `token` as an ORG_ADMIN token.
    public static func configuration(token: String) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(roles: roles, resources: resources, adminTokens: [token])
        configuration.users = users
        configuration.sessions = sessions
        return configuration
    }
}
