/// Who the simulated organization is, as login answers and `GET /auth/me` name it.
struct OrganizationProfile: Sendable, Equatable {
    var id = "990e8400-e29b-41d4-a716-446655440000"
    var slug: String
    var name: String
    var subscriptionTier = "BUSINESS"
}
