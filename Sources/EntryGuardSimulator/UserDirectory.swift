/// The organization's users, found by id or by email (both case-insensitively).
struct UserDirectory: Sendable {
    /// The users, in the order they were given.
    private(set) var users: [SimUser]

    init(_ users: [SimUser]) {
        self.users = users
    }

    /// The user with this id.
    func user(id: String) -> SimUser? {
        users.first { $0.id.lowercased() == id.lowercased() }
    }

    /// The user who logs in with this email.
    func user(email: String) -> SimUser? {
        users.first { $0.email.lowercased() == email.lowercased() }
    }

    /// Changes one user in place; an unknown id changes nothing.
    mutating func update(id: String, _ change: (inout SimUser) -> Void) {
        guard let index = users.firstIndex(where: { $0.id.lowercased() == id.lowercased() }) else { return }
        change(&users[index])
    }

    /// `GET /users/{id}`.
    func existing(id: String) throws(APIError) -> SimUser {
        guard let user = user(id: id) else { throw .userNotFound(id) }
        return user
    }

    /// The names of the roles that hold a user: the file's `roleNames` when it gave them, else the
    /// roles whose `userIds` hold the user's id.
    static func roleNames(of user: SimUser, roles: [SimRole]) -> [String] {
        if let names = user.roleNames { return names }
        let id = user.id.lowercased()
        return roles.filter { $0.userIds.contains { $0.lowercased() == id } }.map(\.name)
    }
}
