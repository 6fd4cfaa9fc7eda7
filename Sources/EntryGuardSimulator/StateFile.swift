import Foundation

/// Reads and writes the JSON files the executable works with: roles as `GET /roles` sends them,
/// resources as `GET /resources` sends them.
public enum StateFile {
    /// The roles in a `GET /roles`-shaped JSON file.
    public static func loadRoles(path: String) throws(SimulatorError) -> [SimRole] {
        try load([SimRole].self, path: path)
    }

    /// The resources in a `GET /resources`-shaped JSON file.
    public static func loadResources(path: String) throws(SimulatorError) -> [SimResource] {
        try load([SimResource].self, path: path)
    }

    /// The users in a `GET /users`-shaped JSON file, each with the optional login fields.
    public static func loadUsers(path: String) throws(SimulatorError) -> [SimUser] {
        try load([SimUser].self, path: path)
    }

    /// The sessions in a `GET /sessions/admin`-shaped JSON file.
    public static func loadSessions(path: String) throws(SimulatorError) -> [SimSession] {
        try load([SimSession].self, path: path)
    }

    /// Writes roles as pretty JSON, replacing the file atomically.
    public static func saveRoles(_ roles: [SimRole], path: String) throws(SimulatorError) {
        let data = Data((JSONValue.array(roles.map(\.jsonValue)).text(pretty: true) + "\n").utf8)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SimulatorError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    private static func load<Value: Decodable>(_ type: Value.Type, path: String) throws(SimulatorError) -> Value {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SimulatorError("cannot read \(path): \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw SimulatorError("\(path) is not valid: \(error)")
        }
    }
}
