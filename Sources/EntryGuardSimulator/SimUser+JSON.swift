extension SimUser {
    /// The `GET /users` object: never the password, the TOTP secret or the recovery codes.
    func listJSON(roleNames: [String]) -> JSONValue {
        .object([
            ("id", .string(id)),
            ("email", .string(email)),
            ("name", .string(name)),
            ("isOrgAdmin", .bool(isOrgAdmin)),
            ("platformRole", .string(platformRole)),
            ("isActive", .bool(!suspended)),
            ("mfaEnabled", .bool(mfaEnabled)),
            ("lastLoginAt", .optional(lastLoginAt)),
            ("roleNames", .array(roleNames.map(JSONValue.string))),
            ("createdAt", .string(createdAt)),
            ("updatedAt", .string(updatedAt)),
        ])
    }

    /// The `user` of a login or refresh answer; `GET /auth/me` adds `organizationMfaRequired`.
    func profileJSON(_ organization: OrganizationProfile, me: Bool = false) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(id)),
            ("email", .string(email)),
            ("name", .string(name)),
            ("isOrgAdmin", .bool(isOrgAdmin)),
            ("organizationId", .string(organization.id)),
            ("organizationName", .string(organization.name)),
            ("organizationSlug", .string(organization.slug)),
            ("subscriptionTier", .string(organization.subscriptionTier)),
            ("mfaEnabled", .bool(mfaEnabled)),
        ]
        if me { members.append(("organizationMfaRequired", .bool(false))) }
        return .object(members)
    }

    /// Who a static `--token` / `--non-admin-token` is on `GET /auth/me`: a service account the
    /// users file does not list.
    static func staticTokenHolder(isOrgAdmin: Bool, organization: OrganizationProfile) -> SimUser {
        SimUser(id: isOrgAdmin ? "00000000-0000-4000-8000-000000000001" : "00000000-0000-4000-8000-000000000002",
                email: (isOrgAdmin ? "static-admin@" : "static-member@") + organization.slug + ".invalid",
                name: isOrgAdmin ? "Static admin token" : "Static non-admin token", isOrgAdmin: isOrgAdmin)
    }
}
