extension SimSession {
    /// The `GET /sessions/admin` element, keys in the API reference's order, absent values as `null`.
    var jsonValue: JSONValue {
        .object([
            ("id", .string(id)),
            ("userId", .string(userId)),
            ("userName", .optional(userName)),
            ("userEmail", .optional(userEmail)),
            ("ipv4Address", .optional(ipv4Address)),
            ("ipv6Address", .optional(ipv6Address)),
            ("status", .string(status.rawValue)),
            ("startedAt", .string(startedAt)),
            ("expiresAt", .string(expiresAt)),
            ("endedAt", .optional(endedAt)),
            ("endedReason", .optional(endedReason)),
            ("resourceIps", .array(resourceIps.map(\.jsonValue))),
            ("createdAt", .string(createdAt)),
        ])
    }
}

extension SimResourceIP {
    var jsonValue: JSONValue {
        .object([
            ("id", .string(id)),
            ("resourceId", .string(resourceId)),
            ("resourceName", .optional(resourceName)),
            ("ipVersion", .string(ipVersion)),
            ("ipAddress", .string(ipAddress)),
            ("status", .string(status.rawValue)),
            ("providerRuleId", .optional(providerRuleId)),
            ("appliedAt", .optional(appliedAt)),
            ("removedAt", .optional(removedAt)),
            ("errorMessage", .optional(errorMessage)),
        ])
    }
}
