import ArgumentParser
import PolicyModel
import Reconciler

extension Egpolicy {
    /// Prints the reconciler's errors (every diagnostic, escaped by `Console`) and returns true when
    /// it did; ArgumentParser's own errors are left to it.
    static func reportOwnError(_ error: Error) -> Bool {
        guard let failure = error as? ReconcileError else { return false }
        Console.report(failure.diagnostics)
        return true
    }
}
