import PolicyModel
import StrictJSON

/// Reads a `GET /roles` array straight into live roles, for `GET /roles` answers and `--live-state`
/// files: resource ids are parsed from their bytes and user ids made into strings once per distinct
/// user, where decoding wire types first makes a string of every id (150,000 of them at 10,000 roles).
///
/// Any JSON error in the text wins over a role that cannot be trusted, and of those the first one;
/// a role's checks and their words are `RoleObject.liveRole()`'s, then a role id listed twice.
struct LiveRolesReader {
    private(set) var roles: [LiveRole] = []
    /// The first role that cannot be trusted; once set, later roles are only checked as JSON.
    private(set) var invalid: InvalidRoleObject?
    private var seen: Set<RoleID> = []
    /// One string per distinct user id written as a lowercase UUID (users hold many roles).
    private var users: [UUIDIdentifier<UserIDKind>: String] = [:]
    private enum UserIDKind {}

    /// Reads the whole array.
    static func read(_ reader: inout JSONReader) throws(JSONError) -> LiveRolesReader {
        var roles = LiveRolesReader()
        var index = 0
        try reader.readArray { (reader: inout JSONReader) throws(JSONError) in
            try roles.readRole(&reader, index: index)
            index += 1
        }
        return roles
    }

    private mutating func readRole(_ reader: inout JSONReader, index: Int) throws(JSONError) {
        let start = reader.offset
        var id: String?
        var name: String?
        var hours: Int??
        var resourceIds: [ResourceID]?
        var badResource: String?
        var userIds: [String]??
        try reader.readObject { (reader: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key == "id" {
                try reader.read(key, into: &id)
            } else if key == "name" {
                try reader.read(key, into: &name)
            } else if key == "resourceIds" {
                try reader.checkFirst(key, seen: resourceIds != nil)
                var ids: [ResourceID] = []
                ids.reserveCapacity(16)
                try reader.readArray { (reader: inout JSONReader) throws(JSONError) in
                    try reader.readString { bytes in
                        if let resource = ResourceID(utf8: bytes) {
                            ids.append(resource)
                        } else if badResource == nil {
                            badResource = String(decoding: bytes, as: UTF8.self)
                        }
                    }
                }
                resourceIds = ids
            } else if key == "userIds" {
                try reader.checkFirst(key, seen: userIds != nil)
                userIds = .some(try reader.readNull() ? nil : try readUsers(&reader))
            } else if key == "maxSessionDurationHours" {
                try reader.read(key, into: &hours)
            } else {
                try reader.skipValue()
            }
        }
        guard let id else { throw reader.missingKey("id", objectAt: start) }
        guard let name else { throw reader.missingKey("name", objectAt: start) }
        guard let resourceIds else { throw reader.missingKey("resourceIds", objectAt: start) }
        guard invalid == nil else { return }
        // The checks of `RoleObject.liveRole()`, in its order and words, then the role listed twice.
        guard let roleID = RoleID(id) else {
            invalid = .roleIDNotUUID(name: name, id: id)
            return
        }
        if let badResource {
            invalid = .resourceIDNotUUID(name: name, role: roleID, resource: badResource)
            return
        }
        guard seen.insert(roleID).inserted else {
            invalid = .listedTwice(roleID, first: roles.firstIndex { $0.id == roleID } ?? 0, index: index)
            return
        }
        roles.append(LiveRole(id: roleID, name: name, resourceIds: resourceIds, userIds: (userIds ?? nil) ?? [],
                              maxSessionDurationHours: hours ?? nil))
    }

    /// A `userIds` array; ids are kept exactly as written.
    private mutating func readUsers(_ reader: inout JSONReader) throws(JSONError) -> [String] {
        var ids: [String] = []
        try reader.readArray { (reader: inout JSONReader) throws(JSONError) in
            let user = try reader.readString { bytes -> String in
                guard let key = UUIDIdentifier<UserIDKind>(utf8: bytes), !bytes.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F") }) else {
                    return String(decoding: bytes, as: UTF8.self)
                }
                if let known = users[key] { return known }
                let text = String(decoding: bytes, as: UTF8.self)
                users[key] = text
                return text
            }
            ids.append(user)
        }
        return ids
    }
}
