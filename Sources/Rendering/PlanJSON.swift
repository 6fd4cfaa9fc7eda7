import PolicyModel

/// The JSON form of a plan (README, "plan"), keys in the contract's order, and the one definition of
/// the saved-plan format's content digest.
public enum PlanJSON {
    /// The document, ending with `planDigest`: `sha256:` of every byte before it, written as if it
    /// were absent. It detects accidental edits of a saved plan; it is not a signature (anyone who
    /// can edit the file can compute it again).
    public static func render(_ plan: Plan) -> String {
        var body = value(of: plan).serializedBytes()
        let digest = self.digest(of: body)
        // The body ends with "\n}\n"; the digest becomes its last member, as the writer would put it.
        body.removeLast(3)
        body.append(contentsOf: ",\n  \"planDigest\": \"\(digest)\"\n}\n".utf8)
        return String(decoding: body, as: UTF8.self)
    }

    /// The `planDigest` a plan's content has.
    public static func digest(of plan: Plan) -> String {
        digest(of: value(of: plan).serializedBytes())
    }

    private static func digest(of body: [UInt8]) -> String {
        ContentDigest.sha256(body)
    }

    static func value(of plan: Plan) -> JSONValue {
        .object([
            ("formatVersion", .int(plan.formatVersion)),
            ("generatedAt", .string(plan.generatedAt)),
            ("apiUrl", .string(plan.apiUrl)),
            ("policyDigest", .string(plan.policyDigest)),
            ("assignMissing", .bool(plan.assignMissing)),
            ("summary", value(of: plan.summary)),
            ("roles", .array(plan.roles.map(value(of:)))),
            ("changes", .array(plan.changes.map(value(of:)))),
            ("resourceNames", .object(plan.resourceNames.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ] + (plan.base.map { [("base", value(of: $0))] } ?? []))
    }

    static func value(of base: BaseComparison) -> JSONValue {
        func entries(_ list: [DriftEntry]) -> JSONValue {
            .array(list.map { entry in
                .object([
                    ("kind", .string(entry.kind.rawValue)),
                    ("roleId", .string(entry.roleId.rawValue)),
                    ("roleName", .string(entry.roleName)),
                    ("resourceId", .string(entry.resourceId.rawValue)),
                ])
            })
        }
        return .object([
            ("policyDigest", .string(base.policyDigest)),
            ("introduced", entries(base.introduced)),
            ("preExisting", entries(base.preExisting)),
            ("resolved", entries(base.resolved)),
        ])
    }

    static func value(of summary: PlanSummary) -> JSONValue {
        .object([
            ("rolesManaged", .int(summary.rolesManaged)),
            ("rolesInSync", .int(summary.rolesInSync)),
            ("rolesUnmanaged", .int(summary.rolesUnmanaged)),
            ("unassign", .int(summary.unassign)),
            ("assign", .int(summary.assign)),
            ("missing", .int(summary.missing)),
        ])
    }

    static func value(of role: RolePlan) -> JSONValue {
        .object([
            ("id", .string(role.id.rawValue)),
            ("name", .string(role.name)),
            ("source", .string(role.source)),
            ("liveResourceIds", ids(role.liveResourceIds)),
            ("desiredResourceIds", ids(role.desiredResourceIds)),
            ("unassign", ids(role.unassign)),
            ("missing", ids(role.missing)),
        ])
    }

    static func value(of change: Change) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("action", .string(change.action.rawValue)),
            ("roleId", .string(change.roleId.rawValue)),
            ("roleName", .string(change.roleName)),
            ("resourceId", .string(change.resourceId.rawValue)),
            ("resourceName", change.resourceName.map(JSONValue.string) ?? .null),
        ]
        if let access = change.effectiveAccess {
            members.append(("effectiveAccess", .object([
                ("usersLosingAccess", .array(access.usersLosingAccess.map(JSONValue.string))),
                ("usersKeepingAccess", .array(access.usersKeepingAccess.map(JSONValue.string))),
                ("activeSessionsMayLastHours", access.activeSessionsMayLastHours.map(JSONValue.int) ?? .null),
            ])))
        }
        return .object(members)
    }

    private static func ids(_ ids: [ResourceID]) -> JSONValue {
        .array(ids.map { .string($0.rawValue) })
    }
}
