import Parallel
import PolicyModel

/// Encodes an `Encodable` value into a `JSONValue`, objects keeping their keys in the order the
/// value encodes them. It lets the saved-plan format be defined once, by the plan types' `Codable`
/// conformances (their `CodingKeys` and `encode(to:)`): the writer and the reader cannot drift
/// apart. Written by hand because Foundation's `JSONEncoder` orders keys differently from run to
/// run on Linux unless it sorts them, and plans keep the contract's order.
public struct JSONValueEncoder: Sendable {
    /// Arrays of at least this many elements are encoded on all cores, a run of elements each
    /// (a heavy plan's `roles` and `changes` are 10,000 elements each); the value is the same.
    public var parallelFrom: Int

    public init(parallelFrom: Int = 1024) {
        self.parallelFrom = parallelFrom
    }

    public func encode(_ value: some Encodable) throws -> JSONValue {
        let root = Slot(parallelFrom: parallelFrom)
        try value.encode(to: ValueEncoder(slot: root, codingPath: []))
        return root.value
    }
}

/// An element of the large arrays of a plan: a value that threads may encode at once.
protocol ElementwiseEncodableElement: Encodable, Sendable {}

extension RolePlan: ElementwiseEncodableElement {}
extension Change: ElementwiseEncodableElement {}

/// An array whose elements can be encoded apart, on several threads at once.
private protocol ElementwiseEncodable {
    var count: Int { get }
    func encodedElements(parallelFrom: Int) throws -> [JSONValue]
}

extension Array: ElementwiseEncodable where Element: ElementwiseEncodableElement {
    /// Each element with its own encoder, runs of elements on all cores; in order.
    fileprivate func encodedElements(parallelFrom: Int) throws -> [JSONValue] {
        let encoder = JSONValueEncoder(parallelFrom: parallelFrom)
        return try inRuns(of: count) { range in Result { try self[range].map { try encoder.encode($0) } } }
            .flatMap { try $0.get() }
    }
}

/// Where one value goes; containers fill it as they are encoded (appending in place: a plan's
/// arrays hold thousands of elements).
private final class Slot {
    enum Kind { case scalar, object, array }

    /// `JSONValueEncoder.parallelFrom`, handed down to every child.
    let parallelFrom: Int
    var kind = Kind.scalar
    var scalar = JSONValue.null
    var members: [(String, Slot)] = []
    var items: [Slot] = []

    var value: JSONValue {
        switch kind {
        case .scalar: scalar
        case .object: .object(members.map { ($0.0, $0.1.value) })
        case .array: .array(items.map(\.value))
        }
    }

    init(parallelFrom: Int) {
        self.parallelFrom = parallelFrom
    }

    /// An empty slot under this one.
    func child() -> Slot {
        Slot(parallelFrom: parallelFrom)
    }

    func set(_ value: JSONValue) {
        kind = .scalar
        scalar = value
    }

    /// `value` into this slot: scalars and ids directly, anything else through its `encode(to:)`.
    func put(_ value: some Encodable, codingPath: [any CodingKey]) throws {
        switch value {
        case let text as String: set(.string(text))
        case let flag as Bool: set(.bool(flag))
        case let number as Int: set(.int(number))
        case let id as RoleID: set(.string(id.rawValue))
        case let id as ResourceID: set(.string(id.rawValue))
        case let array as any ElementwiseEncodable where array.count >= parallelFrom:
            set(.array(try array.encodedElements(parallelFrom: parallelFrom)))
        default: try value.encode(to: ValueEncoder(slot: self, codingPath: codingPath))
        }
    }
}

private struct ValueEncoder: Encoder {
    let slot: Slot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.kind = .object
        return KeyedEncodingContainer(KeyedContainer<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        slot.kind = .array
        return UnkeyedContainer(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(slot: slot, codingPath: codingPath)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    let codingPath: [any CodingKey]

    private func child(_ key: Key) -> Slot {
        let child = slot.child()
        slot.members.append((key.stringValue, child))
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).set(.null) }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        try child(key).put(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        ValueEncoder(slot: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        ValueEncoder(slot: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { ValueEncoder(slot: slot, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { ValueEncoder(slot: child(key), codingPath: codingPath + [key]) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]
    var count: Int { slot.items.count }

    private func child() -> Slot {
        let child = slot.child()
        slot.items.append(child)
        return child
    }

    mutating func encodeNil() throws { child().set(.null) }
    mutating func encode(_ value: some Encodable) throws { try child().put(value, codingPath: codingPath) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        ValueEncoder(slot: child(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        ValueEncoder(slot: child(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { ValueEncoder(slot: child(), codingPath: codingPath) }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.set(.null) }
    mutating func encode(_ value: some Encodable) throws { try slot.put(value, codingPath: codingPath) }
}
