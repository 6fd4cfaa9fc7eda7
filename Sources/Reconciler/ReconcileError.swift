import PolicyModel

/// Why a command stopped before it changed anything: the one error type of the reconciler, a
/// struct around a private code in the style of async-http-client's `HTTPClientError`. `kind`
/// tells the cases apart; `diagnostics` say where and what, for the person reading the output.
/// (`APIError` stays the client's own type: it is wrapped here, by its description.)
public struct ReconcileError: Error, Sendable, CustomStringConvertible {
    /// The kind of stop, compared with `==` (`error.kind == .invalidPolicy`).
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Code: String, Sendable {
            case invalidPolicy = "invalid policy"
            case invalidPlan = "invalid saved plan"
            case configuration
            case login
            case api = "API"
            case refused
            case fileIO = "file I/O"
            case interrupted
        }

        private let code: Code

        /// The policy has errors, or does not match the live roles (a name matching no role).
        public static let invalidPolicy = Kind(code: .invalidPolicy)
        /// A saved plan that cannot be read or trusted.
        public static let invalidPlan = Kind(code: .invalidPlan)
        /// Settings: the API URL, credentials missing or set in part, the CA file, the selection of `import`.
        public static let configuration = Kind(code: .configuration)
        /// A login, an MFA code or a stored login was refused.
        public static let login = Kind(code: .login)
        /// The API failed, or answered what cannot be trusted.
        public static let api = Kind(code: .api)
        /// Apply refused to start: a stale plan, the safety valve, no approval.
        public static let refused = Kind(code: .refused)
        /// A file could not be read or written.
        public static let fileIO = Kind(code: .fileIO)
        /// SIGINT or SIGTERM before the first change.
        public static let interrupted = Kind(code: .interrupted)

        public var description: String { code.rawValue }
    }

    public let kind: Kind
    /// Every diagnostic, errors and the warnings met before them, in the order found.
    public let diagnostics: [Diagnostic]

    public init(_ kind: Kind, _ diagnostics: [Diagnostic]) {
        self.kind = kind
        self.diagnostics = diagnostics
    }

    public init(_ kind: Kind, _ message: String, path: String? = nil) {
        self.init(kind, [.error(message, path: path)])
    }

    public static func invalidPolicy(_ diagnostics: [Diagnostic]) -> ReconcileError { ReconcileError(.invalidPolicy, diagnostics) }
    public static func invalidPlan(_ diagnostics: [Diagnostic]) -> ReconcileError { ReconcileError(.invalidPlan, diagnostics) }
    public static func invalidPlan(_ message: String, path: String) -> ReconcileError { ReconcileError(.invalidPlan, message, path: path) }
    public static func configuration(_ message: String) -> ReconcileError { ReconcileError(.configuration, message) }
    public static func configuration(_ diagnostics: [Diagnostic]) -> ReconcileError { ReconcileError(.configuration, diagnostics) }
    public static func login(_ message: String) -> ReconcileError { ReconcileError(.login, message) }
    public static func api(_ message: String) -> ReconcileError { ReconcileError(.api, message) }
    public static func refused(_ message: String, path: String? = nil) -> ReconcileError { ReconcileError(.refused, message, path: path) }
    public static func fileIO(_ message: String, path: String? = nil) -> ReconcileError { ReconcileError(.fileIO, message, path: path) }
    public static func interrupted(_ message: String) -> ReconcileError { ReconcileError(.interrupted, message) }

    /// The same error, after diagnostics met earlier (the policy's warnings before an API failure).
    public func after(_ earlier: [Diagnostic]) -> ReconcileError {
        ReconcileError(kind, earlier + diagnostics)
    }

    /// The first error's message: what a report's `stoppedBecause` says.
    public var reason: String {
        diagnostics.first { $0.severity == .error }?.message ?? "\(kind)"
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
