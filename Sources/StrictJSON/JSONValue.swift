/// Any JSON value, for the few answers read as a whole (error bodies) rather than as a known type.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number's text as written (checked by RFC 8259's grammar), so nothing is rounded.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in document order; keys are unique (a duplicate key is refused when reading).
    case object([(key: String, value: JSONValue)])

    /// The value of `key` when this is an object that has it.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The text when this is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .number(let text): hasher.combine(text)
        case .string(let text): hasher.combine(text)
        case .array(let elements): hasher.combine(elements)
        case .object(let members):
            for member in members {
                hasher.combine(member.key)
                hasher.combine(member.value)
            }
        }
    }
}

extension JSONValue: JSONReadable {
    public init(json reader: inout JSONReader) throws(JSONError) {
        switch try reader.peekKind() {
        case .null:
            _ = try reader.readNull()
            self = .null
        case .boolean:
            self = .bool(try reader.readBool())
        case .number:
            self = .number(try reader.readNumberText())
        case .string:
            self = .string(try reader.readString())
        case .array:
            var elements: [JSONValue] = []
            try reader.readArray { (reader: inout JSONReader) throws(JSONError) in elements.append(try JSONValue(json: &reader)) }
            self = .array(elements)
        case .object:
            var members: [(key: String, value: JSONValue)] = []
            var keys: Set<String> = []
            try reader.readObject { (reader: inout JSONReader, key: JSONKey) throws(JSONError) in
                let text = key.string
                guard keys.insert(text).inserted else { throw reader.duplicateKey(key) }
                members.append((text, try JSONValue(json: &reader)))
            }
            self = .object(members)
        }
    }
}
