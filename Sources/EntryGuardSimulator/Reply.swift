/// What a successful endpoint hands back, before it is encoded.
enum Reply: Sendable {
    case roles([SimRole])
    case role(SimRole)
    case resources([SimResource])
    case resource(SimResource)
    case assigned
    case unassigned
}
