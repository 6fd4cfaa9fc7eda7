/// An endpoint of the API, parsed from a method and a path under `/api/v1`.
enum Route: Equatable, Sendable {
    case listRoles
    case getRole(id: String)
    case unassign(roleID: String, resourceID: String)
    case assign(roleID: String, resourceID: String)
    case listResources
    case getResource(id: String)
    case listUsers
    case getUser(id: String)
    case listAdminSessions
    case stopSession(id: String)
    case login
    case verifyMFA
    case refresh
    case logout
    case me

    /// The path prefix every endpoint lives under.
    static let basePath = "/api/v1"
    private static let basePrefix = basePath + "/"

    /// The endpoint for this request, or nil when there is none.
    init?(method: String, path: String) {
        // Over the path's bytes: the simulator answers every request through here (a DELETE-heavy
        // benchmark spent ~5 % of its CPU in Foundation's string search and Character walks).
        guard path.utf8.starts(with: Self.basePrefix.utf8) else { return nil }
        let segments = path.utf8.dropFirst(Self.basePrefix.utf8.count)
            .split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self).removingPercentEncodingIfValid }
        guard !segments.contains(where: \.isEmpty) else { return nil }
        switch (method, segments.count, segments.first) {
        case ("GET", 1, "roles"): self = .listRoles
        case ("GET", 2, "roles"): self = .getRole(id: segments[1])
        case ("DELETE", 4, "roles") where segments[2] == "resources":
            self = .unassign(roleID: segments[1], resourceID: segments[3])
        case ("POST", 4, "roles") where segments[2] == "resources":
            self = .assign(roleID: segments[1], resourceID: segments[3])
        case ("GET", 1, "resources"): self = .listResources
        case ("GET", 2, "resources"): self = .getResource(id: segments[1])
        case ("GET", 1, "users"): self = .listUsers
        case ("GET", 2, "users"): self = .getUser(id: segments[1])
        case ("GET", 2, "sessions") where segments[1] == "admin": self = .listAdminSessions
        case ("POST", 4, "sessions") where segments[1] == "admin" && segments[3] == "stop":
            self = .stopSession(id: segments[2])
        case ("POST", 2, "auth") where segments[1] == "login": self = .login
        case ("POST", 2, "auth") where segments[1] == "verify-mfa": self = .verifyMFA
        case ("POST", 2, "auth") where segments[1] == "refresh": self = .refresh
        case ("POST", 2, "auth") where segments[1] == "logout": self = .logout
        case ("GET", 2, "auth") where segments[1] == "me": self = .me
        default: return nil
        }
    }

    /// Who may call the endpoint.
    var area: AccessArea {
        switch self {
        case .listRoles, .getRole, .unassign, .assign, .listUsers, .getUser, .listAdminSessions, .stopSession: .management
        case .listResources, .getResource: .resources
        case .me: .session
        case .login, .verifyMFA, .refresh, .logout: .public
        }
    }

    /// The ids in the path, in order; each must be a UUID.
    var pathIDs: [String] {
        switch self {
        case .listRoles, .listResources, .listUsers, .listAdminSessions, .login, .verifyMFA, .refresh, .logout, .me: []
        case .getRole(let id), .getResource(let id), .getUser(let id), .stopSession(let id): [id]
        case .unassign(let roleID, let resourceID), .assign(let roleID, let resourceID): [roleID, resourceID]
        }
    }

    /// Whether `text` is a UUID: 8-4-4-4-12 hex digits, either case.
    static func isUUID(_ text: String) -> Bool {
        guard text.utf8.count == 36 else { return false }
        for (offset, byte) in text.utf8.enumerated() {
            switch offset {
            case 8, 13, 18, 23:
                guard byte == UInt8(ascii: "-") else { return false }
            default:
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20) else { return false }
            }
        }
        return true
    }
}

extension String {
    /// The text with `%XX` escapes decoded; unchanged when they do not form UTF-8.
    var removingPercentEncodingIfValid: String {
        guard utf8.contains(UInt8(ascii: "%")) else { return self }
        var bytes: [UInt8] = []
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"),
               let first = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex), first != utf8.endIndex,
               let second = utf8.index(first, offsetBy: 1, limitedBy: utf8.endIndex), second != utf8.endIndex,
               let value = UInt8(String(decoding: [utf8[first], utf8[second]], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index = utf8.index(after: second)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? self
    }
}
