import Parallel

/// Every secret a run has handled so far — the credential, a password, a TOTP secret, an MFA code,
/// each access and refresh token a login or refresh granted — redacted from all server text the
/// client shows (README, "Credentials and logging in"). Secrets only join: a rotated token stays secret after it expired.
public final class SecretRegistry: Sendable {
    private let state: Locked<(secrets: Set<String>, redactor: SecretRedactor)>

    public init(_ secrets: [String] = []) {
        let set = Set(secrets.filter { !$0.isEmpty })
        state = Locked((set, SecretRedactor(secrets: Array(set))))
    }

    public func add(_ secrets: [String]) {
        state.withLock { state in
            let before = state.secrets.count
            state.secrets.formUnion(secrets.filter { !$0.isEmpty })
            if state.secrets.count != before { state.redactor = SecretRedactor(secrets: Array(state.secrets)) }
        }
    }

    private var redactor: SecretRedactor { state.withLock { $0.redactor } }

    /// `text` with every secret replaced, in every form `SecretRedactor` knows.
    public func redact(_ text: String) -> String { redactor.redact(text) }

    /// `bytes` with every secret replaced.
    public func redact(_ bytes: [UInt8]) -> [UInt8] { redactor.redact(bytes) }

    /// Whether any secret occurs in these bytes, as it is or encoded.
    func occurs(in bytes: UnsafeRawBufferPointer) -> Bool { redactor.occurs(in: bytes) }
}
