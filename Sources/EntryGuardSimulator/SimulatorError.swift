/// Why the simulator could not start or could not read or write its state.
public struct SimulatorError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for a person.
    public var description: String

    /// Creates an error with a message.
    public init(_ description: String) {
        self.description = description
    }
}
