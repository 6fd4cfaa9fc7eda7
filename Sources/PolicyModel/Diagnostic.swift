/// A place in a policy file: 1-based line and column, with the path as the user gave it.
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `PATH:LINE:COLUMN`, the form editors and CI annotations understand.
    public var description: String { "\(path):\(line):\(column)" }

    /// `path:line:column` read back (the path may itself hold colons); nil when it is not that.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else { return nil }
        self.init(path: parts.dropLast(2).joined(separator: ":"), line: line, column: column)
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.line, lhs.column) < (rhs.path, rhs.line, rhs.column)
    }
}

/// One finding about the input: an error stops the command, a warning does not.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error
        case warning
    }

    public var severity: Severity
    public var message: String
    /// Where the problem is, when it has a line and column.
    public var location: SourceLocation?
    /// The file or directory concerned, for problems that have no line (a missing path, say).
    public var path: String?

    public init(_ severity: Severity, _ message: String, at location: SourceLocation? = nil, path: String? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        self.path = path ?? location?.path
    }

    public static func error(_ message: String, at location: SourceLocation? = nil, path: String? = nil) -> Diagnostic {
        Diagnostic(.error, message, at: location, path: path)
    }

    public static func warning(_ message: String, at location: SourceLocation? = nil, path: String? = nil) -> Diagnostic {
        Diagnostic(.warning, message, at: location, path: path)
    }

    /// `PATH:LINE:COLUMN: error: MESSAGE`, or `PATH: error: MESSAGE` without a line.
    public var description: String {
        if let location { return "\(location): \(severity.rawValue): \(message)" }
        if let path { return "\(path): \(severity.rawValue): \(message)" }
        return "\(severity.rawValue): \(message)"
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Diagnostics ordered by file, line and column; ones without a location first, in their order.
    public func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case let (l?, r?): return l != r ? l < r : a.offset < b.offset
            case (nil, _?): return true
            case (_?, nil): return false
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
    }
}

/// In a saved plan a location is the text `path:line:column`.
extension SourceLocation: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let location = SourceLocation(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not path:line:column"))
        }
        self = location
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
