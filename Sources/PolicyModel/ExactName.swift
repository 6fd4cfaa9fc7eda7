/// A name compared scalar for scalar (README, "Policy files": a name-only role is resolved by *exact* name).
///
/// Swift's `String` equality is canonical equivalence: "K" (U+212A KELVIN SIGN) equals "K", the
/// Ohm sign equals Omega, and a decomposed "é" equals the precomposed one. EntryGuard stores names
/// as given, so those are different roles, and matching one for the other would change a role the
/// policy does not name.
public struct ExactName: Hashable, Sendable, Comparable {
    public let text: String
    private let bytes: [UInt8]

    public init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
    }

    public static func == (lhs: ExactName, rhs: ExactName) -> Bool { lhs.bytes == rhs.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
    /// By UTF-8 bytes, which is code-point order.
    public static func < (lhs: ExactName, rhs: ExactName) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    /// Whether two strings are the same scalars.
    public static func same(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }
}
