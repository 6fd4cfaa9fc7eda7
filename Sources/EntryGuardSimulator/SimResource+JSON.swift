extension SimResource {
    /// The resource as the API writes it, keys in the reference's order.
    var jsonValue: JSONValue {
        .object([
            ("id", .string(id)),
            ("name", .string(name)),
            ("credentialId", .string(credentialId)),
            ("credentialName", .string(credentialName)),
            ("provider", .string(provider)),
            ("resourceType", .string(resourceType)),
            ("resourceIdentifier", .string(resourceIdentifier)),
            ("region", .string(region)),
            ("config", .object(config.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("isActive", .bool(isActive)),
            ("lastVerifiedAt", .optional(lastVerifiedAt)),
            ("createdAt", .string(createdAt)),
            ("updatedAt", .string(updatedAt)),
        ])
    }
}
