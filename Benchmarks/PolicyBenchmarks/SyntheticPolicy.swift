import Foundation

/// Policy files and a live-state file of the shape `scripts/generate-policy` writes, built in memory
/// and deterministically (the same parameters give the same bytes), so the benchmarks need no files.
/// Where the script draws at random, this picks by arithmetic (strides through the pool, every
/// `1 / drift`-th role drifting), which gives the same shape and sizes without a generator.
///
/// One `00-aliases.yaml` defines `res-0000`… for the first `aliases` resources of a pool; the roles
/// (`team-00000`… with ids, names and a description) are split over `files` files, each holding
/// `perRole` distinct pool resources, written as the alias where there is one. In the live state a
/// `drift` share of the roles miss their last declared resource and hold one extra instead, and
/// `unmanaged` roles the policy does not declare are added. Each live role has 3 users of its own,
/// or with `usersPerRole`, that many from a shared pool of `userPool` users (issue 13's heavy-drift
/// shape is `drift: 1, usersPerRole: 5`: every role drifts and users hold about 25 roles each).
struct SyntheticPolicy: Sendable {
    var roles: Int
    var perRole = 10
    var files = 100
    var resources = 5000
    var aliases = 200
    var drift = 0.05
    var unmanaged = 100
    var usersPerRole: Int? = nil
    var userPool = 2000

    /// Role→resource bindings the policy declares.
    var bindings: Int { roles * perRole }

    /// What generation gives: the inputs, and what a correct plan of them must count.
    struct Output: Sendable {
        var sources: [(path: String, bytes: [UInt8])]
        var liveStateJSON: Data
        /// Roles whose live state differs: each has one unassignment and one missing binding.
        var driftedRoles: Int
        var unmanagedRoles: Int
        var bindings: Int
    }

    func generate() -> Output {
        let pool = (0..<resources).map { Self.uuid("660e8400", $0) }
        let aliasCount = min(aliases, resources)
        let held: [[Int]] = (0..<roles).map { Self.pick(perRole, from: resources, start: $0 &* 7919) }

        var sources: [(path: String, bytes: [UInt8])] = []
        var aliasFile = "version: 1\nresources:\n"
        for index in 0..<aliasCount {
            aliasFile += "  \(Self.alias(index)): \(pool[index])\n"
        }
        sources.append(("policies/00-aliases.yaml", Array(aliasFile.utf8)))
        let perFile = (roles + files - 1) / max(files, 1)
        for file in 0..<files where file * perFile < roles {
            var text = "# generated like scripts/generate-policy\nversion: 1\nroles:\n"
            for role in file * perFile..<min((file + 1) * perFile, roles) {
                text += "  - id: \(Self.uuid("550e8400", role))\n    name: \(Self.roleName(role))\n"
                text += "    description: generated team\n    resources:\n"
                for resource in held[role] {
                    text += "      - \(resource < aliasCount ? Self.alias(resource) : pool[resource])\n"
                }
            }
            sources.append((Self.fileName(file), Array(text.utf8)))
        }

        var json = LiveStateJSON()
        var drifted = 0
        let driftEvery = drift > 0 ? max(1, Int((1 / drift).rounded())) : Int.max
        for role in 0..<roles {
            var ids = held[role].map { pool[$0] }
            if role % driftEvery == driftEvery / 2 {
                ids.removeLast()
                ids.append(Self.uuid("770e8400", role))
                drifted += 1
            }
            let users = usersPerRole.map { count in Self.pick(count, from: userPool, start: role &* 7).map { Self.uuid("880e8400", $0) } }
                ?? (0..<3).map { Self.uuid("880e8400", role * 3 + $0) }
            json.append(id: Self.uuid("550e8400", role), name: Self.roleName(role), description: "generated team",
                        resourceIds: ids, userIds: users)
        }
        for role in 0..<unmanaged {
            let ids = Self.pick(min(3, resources), from: resources, start: role &* 31).map { pool[$0] }
            json.append(id: Self.uuid("990e8400", role), name: "unmanaged-\(Self.padded(role, 4))", description: nil,
                        resourceIds: ids, userIds: [])
        }
        return Output(sources: sources, liveStateJSON: json.finish(), driftedRoles: drifted,
                      unmanagedRoles: unmanaged, bindings: bindings)
    }

    /// `count` distinct indices below `bound`: from `start`, in strides of 613 (distinct for the first
    /// `bound / gcd(613, bound)` steps: 5000 for the default pool).
    static func pick(_ count: Int, from bound: Int, start: Int) -> [Int] {
        (0..<count).map { (start + $0 * 613) % bound }
    }

    static func uuid(_ prefix: String, _ number: Int) -> String {
        "\(prefix)-e29b-41d4-a716-\(padded(number, 12, radix: 16))"
    }

    static func alias(_ index: Int) -> String { "res-\(padded(index, 4))" }
    static func roleName(_ index: Int) -> String { "team-\(padded(index, 5))" }
    static func fileName(_ index: Int) -> String { "policies/team-\(padded(index, 4)).yaml" }

    static func padded(_ number: Int, _ width: Int, radix: Int = 10) -> String {
        let digits = String(number, radix: radix)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// The `GET /roles` array as `json.dump(…, indent=1)` writes it, built as text.
private struct LiveStateJSON {
    private var text = "["
    private var first = true

    mutating func append(id: String, name: String, description: String?, resourceIds: [String], userIds: [String]) {
        func list(_ values: [String]) -> String {
            values.isEmpty ? "[]" : "[\n" + values.map { "   \"\($0)\"" }.joined(separator: ",\n") + "\n  ]"
        }
        text += first ? "\n" : ",\n"
        first = false
        text += " {\n  \"id\": \"\(id)\",\n  \"name\": \"\(name)\",\n"
        text += "  \"description\": \(description.map { "\"\($0)\"" } ?? "null"),\n"
        text += "  \"maxSessionDurationHours\": 8,\n"
        text += "  \"resourceIds\": \(list(resourceIds)),\n  \"userIds\": \(list(userIds)),\n"
        text += "  \"createdAt\": \"2026-02-18T10:30:00Z\",\n  \"updatedAt\": \"2026-11-01T08:15:00Z\"\n }"
    }

    func finish() -> Data {
        Data((text + "\n]\n").utf8)
    }
}
