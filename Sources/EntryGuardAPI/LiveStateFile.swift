import Foundation
import PolicyModel
import StrictJSON

/// Reads live state from a file holding the JSON array `GET /roles` returns (`--live-state`).
public enum LiveStateFile {
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): error: \(reason)" }
    }

    public static func read(path: String) throws(ReadError) -> LiveState {
        // Mapped, not read: the file is megabytes at 10,000 roles, and its pages come from the
        // page cache as they are read, with no copy into memory of the process's own. What cannot
        // be mapped (a pipe: `--live-state <(curl …)`, `/dev/stdin`) is read to its end.
        // Which one is settled before the file is opened: a pipe opened and closed unread would
        // lose what its writer had written.
        let url = URL(fileURLWithPath: path)
        var status = stat()
        let regular = stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
        guard let data = regular
            ? try? Data(contentsOf: url, options: .alwaysMapped)
            : try? FileHandle(forReadingFrom: url).readToEnd() ?? Data()
        else {
            throw ReadError(path: path, reason: "cannot read the live-state file")
        }
        return try decode(data, path: path)
    }

    /// The roles of a live-state file's bytes, read strictly (RFC 8259): a trailing comma, a leading
    /// zero or a raw control character is an error naming its line and column, not a guess.
    public static func decode(_ data: Data, path: String) throws(ReadError) -> LiveState {
        let read = data.withUnsafeBytes { bytes in
            Result { () throws(JSONError) in try JSONReader.read(bytes, LiveRolesReader.read) }
        }
        let roles: LiveRolesReader
        switch read {
        case .success(let value):
            roles = value
        case .failure(let error) where error.kind == .syntax:
            throw ReadError(path: path, reason: error.description)
        case .failure(let error):
            throw ReadError(path: path, reason: "not a JSON array of role objects as GET /roles returns: \(error)")
        }
        if let invalid = roles.invalid { throw ReadError(path: path, reason: invalid.description) }
        return LiveState(roles: roles.roles)
    }

    /// A short account of a decoding failure, naming the JSON path where it happened.
    public static func describe(_ error: Error) -> String {
        if let error = error as? JSONError { return error.description }
        guard let error = error as? DecodingError else { return "\(error)" }
        func where_(_ path: [CodingKey]) -> String {
            path.isEmpty ? "the top level" : path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        // JSON's names for what was expected, never Swift's (README, "Configuration").
        func jsonType(_ type: Any.Type) -> String {
            switch type {
            case is String.Type, is Substring.Type: "a string"
            case is Bool.Type: "a boolean"
            case is any BinaryInteger.Type: "an integer"
            case is any BinaryFloatingPoint.Type: "a number"
            case is any Collection.Type: "\(type)".hasPrefix("Dictionary") ? "an object" : "an array"
            default: "an object"
            }
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "expected \(jsonType(type)) at \(where_(context.codingPath))"
        case .valueNotFound(let type, let context):
            return "expected \(jsonType(type)) at \(where_(context.codingPath)), found null"
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)' at \(where_(context.codingPath))"
        case .dataCorrupted(let context):
            return "invalid JSON at \(where_(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
