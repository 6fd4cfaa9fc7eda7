import ArgumentParser
import PolicyModel
import Reconciler

/// An error the command reports in its own words, then exits 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ message: String) {
        description = message
    }
}

extension Egpolicy {
    /// Prints errors that are not ArgumentParser's own and returns true when it did.
    static func reportOwnError(_ error: Error) -> Bool {
        switch error {
        case let failure as PlanningFailure:
            Console.report(failure.diagnostics)
            return true
        case let failure as CommandFailure:
            Console.standardError("error: \(PrintableText.escaped(failure.description))")
            return true
        default:
            return false
        }
    }
}
