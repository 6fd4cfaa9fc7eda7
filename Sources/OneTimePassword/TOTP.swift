import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238) over HOTP (RFC 4226): the 6-digit codes authenticator
/// apps show. The defaults — HMAC-SHA1, 30-second steps, 6 digits — are what EntryGuard and the apps use.
public struct TOTP: Sendable, Hashable {
    /// The HMAC hash function.
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        case sha1, sha256, sha512
    }

    /// The HMAC hash function; SHA-1 unless a deployment says otherwise.
    public var algorithm: Algorithm
    /// The number of decimal digits in a code, 1...9.
    public var digits: Int
    /// The length of a time step in seconds.
    public var period: Int

    /// Creates a generator; the defaults are RFC 6238's and every authenticator app's.
    public init(algorithm: Algorithm = .sha1, digits: Int = 6, period: Int = 30) {
        precondition((1...9).contains(digits), "a TOTP code has 1 to 9 digits")
        precondition(period > 0, "a TOTP step lasts at least one second")
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
    }

    /// The time step `time` falls in: whole periods since the Unix epoch (0 before it).
    public func counter(at time: Date) -> UInt64 {
        let seconds = time.timeIntervalSince1970
        guard seconds > 0 else { return 0 }
        return UInt64((seconds / Double(period)).rounded(.down))
    }

    /// The code of time step `counter` (RFC 4226's HOTP value), zero-padded to `digits`.
    public func code(secret: [UInt8], counter: UInt64) -> String {
        let message = withUnsafeBytes(of: counter.bigEndian) { Array($0) }
        let key = SymmetricKey(data: secret)
        let mac: [UInt8] = switch algorithm {
        case .sha1: Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
        // Dynamic truncation (RFC 4226 §5.3): 31 bits from the offset the last nibble names.
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let text = String(binary % modulus)
        return String(repeating: "0", count: digits - text.count) + text
    }

    /// The code for the time step `time` falls in.
    public func code(secret: [UInt8], time: Date) -> String {
        code(secret: secret, counter: counter(at: time))
    }

    /// The time steps within `window` steps of `time` whose code is `code`, in ascending order; empty
    /// when none matches. A verifier that refuses replays remembers the step it accepted.
    public func matchingCounters(of code: String, secret: [UInt8], time: Date, window: Int = 1) -> [UInt64] {
        let now = counter(at: time)
        let steps = UInt64(max(0, window))
        let low = now >= steps ? now - steps : 0
        return (low...(now + steps)).filter { Self.constantTimeEqual(self.code(secret: secret, counter: $0), code) }
    }

    /// Whether `code` is the code of a time step within `window` steps of `time` (±1 by default: the
    /// clock skew and typing delay RFC 6238 §5.2 allows).
    public func validate(_ code: String, secret: [UInt8], time: Date, window: Int = 1) -> Bool {
        !matchingCounters(of: code, secret: secret, time: time, window: window).isEmpty
    }

    /// Compares two codes without stopping at the first difference, so timing tells nothing of a code.
    private static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let left = Array(left.utf8), right = Array(right.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices {
            difference |= left[index] ^ right[index]
        }
        return difference == 0
    }
}
