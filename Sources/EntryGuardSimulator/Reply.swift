/// What a successful endpoint hands back, before it is encoded.
enum Reply: Sendable {
    case roles([SimRole])
    case role(SimRole)
    case resources([SimResource])
    case resource(SimResource)
    case assigned
    case unassigned
    /// A body built by the endpoint itself (users).
    case json(JSONValue)

    /// The POST's success body.
    static let assignedBody = JSONValue.object([("message", .string("Resource assigned to role successfully"))])

    /// The JSON body; nil for 204 No Content.
    var jsonValue: JSONValue? {
        switch self {
        case .roles(let roles): .array(roles.map(\.jsonValue))
        case .role(let role): role.jsonValue
        case .resources(let resources): .array(resources.map(\.jsonValue))
        case .resource(let resource): resource.jsonValue
        case .assigned: Self.assignedBody
        case .unassigned: nil
        case .json(let value): value
        }
    }
}
