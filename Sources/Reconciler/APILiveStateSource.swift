import EntryGuardAPI
import PolicyModel

/// Live state from EntryGuard: `GET /roles`, and `GET /resources` for names, `GET /users` and
/// `GET /sessions/admin` for people and their sessions (optional: when one fails, a 403 above all,
/// the plan shows ids and says why).
public struct APILiveStateSource: LiveStateSource {
    public let client: EntryGuardClient

    public init(client: EntryGuardClient) {
        self.client = client
    }

    public func fetchLiveState() async throws(ReconcileError) -> LiveReading {
        // Every list in parallel: the plan costs one round trip, not four.
        async let resources = resourceNames()
        async let people = PeopleReading.read(with: client)
        let roles: [LiveRole]
        do {
            roles = try await client.liveRoles()
        } catch let error as APIError {
            throw ReconcileError.api(error.description)
        } catch {
            throw ReconcileError.api("GET /roles returned a role that cannot be trusted: \(error)")
        }
        let (names, catalog, warnings) = await resources
        let users = await people
        return LiveReading(state: LiveState(roles: roles, resourceNames: names, resourceCatalog: catalog,
                                            userEmails: users.userEmails, sessions: users.sessions),
                           warnings: warnings + users.warnings)
    }

    private func resourceNames() async -> ([ResourceID: String], Set<ResourceID>?, [Diagnostic]) {
        do {
            let catalog = try await client.resourceCatalog()
            return (catalog.names, catalog.ids, [])
        } catch {
            let why = error.status == 403 ? "the credential may not read resources" : "it failed"
            return ([:], nil, [.warning("resource names are not shown: \(why) (\(error.description))")])
        }
    }
}
