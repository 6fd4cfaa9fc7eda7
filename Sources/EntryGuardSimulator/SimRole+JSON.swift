extension SimRole {
    /// The role as the API writes it, keys in the reference's order.
    var jsonValue: JSONValue {
        .object([
            ("id", .string(id)),
            ("name", .string(name)),
            ("description", .optional(description)),
            ("maxSessionDurationHours", maxSessionDurationHours.map(JSONValue.integer) ?? .null),
            ("resourceIds", .array(resourceIds.map(JSONValue.string))),
            ("userIds", .array(userIds.map(JSONValue.string))),
            ("createdAt", .string(createdAt)),
            ("updatedAt", .string(updatedAt)),
        ])
    }
}
