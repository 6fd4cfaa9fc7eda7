import Foundation
import OneTimePassword
import Testing

/// RFC 6238 Appendix B, every published vector, and the verifier's window.
@Suite struct TOTPTests {
    /// The seeds of Appendix B: ASCII digits, 20 bytes for SHA-1, 32 for SHA-256, 64 for SHA-512.
    static func seed(_ algorithm: TOTP.Algorithm) -> [UInt8] {
        let length = switch algorithm {
        case .sha1: 20
        case .sha256: 32
        case .sha512: 64
        }
        return Array(String(repeating: "1234567890", count: 7).utf8.prefix(length))
    }

    struct Vector: Sendable, CustomTestStringConvertible {
        var time: TimeInterval
        var counter: UInt64
        var algorithm: TOTP.Algorithm
        var code: String
        var testDescription: String { "T=\(Int(time)) \(algorithm.rawValue)" }
    }

    /// The table of RFC 6238 Appendix B, row by row.
    static let vectors: [Vector] = [
        Vector(time: 59, counter: 0x0000_0000_0000_0001, algorithm: .sha1, code: "94287082"),
        Vector(time: 59, counter: 0x0000_0000_0000_0001, algorithm: .sha256, code: "46119246"),
        Vector(time: 59, counter: 0x0000_0000_0000_0001, algorithm: .sha512, code: "90693936"),
        Vector(time: 1_111_111_109, counter: 0x0000_0000_0235_23EC, algorithm: .sha1, code: "07081804"),
        Vector(time: 1_111_111_109, counter: 0x0000_0000_0235_23EC, algorithm: .sha256, code: "68084774"),
        Vector(time: 1_111_111_109, counter: 0x0000_0000_0235_23EC, algorithm: .sha512, code: "25091201"),
        Vector(time: 1_111_111_111, counter: 0x0000_0000_0235_23ED, algorithm: .sha1, code: "14050471"),
        Vector(time: 1_111_111_111, counter: 0x0000_0000_0235_23ED, algorithm: .sha256, code: "67062674"),
        Vector(time: 1_111_111_111, counter: 0x0000_0000_0235_23ED, algorithm: .sha512, code: "99943326"),
        Vector(time: 1_234_567_890, counter: 0x0000_0000_0273_EF07, algorithm: .sha1, code: "89005924"),
        Vector(time: 1_234_567_890, counter: 0x0000_0000_0273_EF07, algorithm: .sha256, code: "91819424"),
        Vector(time: 1_234_567_890, counter: 0x0000_0000_0273_EF07, algorithm: .sha512, code: "93441116"),
        Vector(time: 2_000_000_000, counter: 0x0000_0000_03F9_40AA, algorithm: .sha1, code: "69279037"),
        Vector(time: 2_000_000_000, counter: 0x0000_0000_03F9_40AA, algorithm: .sha256, code: "90698825"),
        Vector(time: 2_000_000_000, counter: 0x0000_0000_03F9_40AA, algorithm: .sha512, code: "38618901"),
        Vector(time: 20_000_000_000, counter: 0x0000_0000_27BC_86AA, algorithm: .sha1, code: "65353130"),
        Vector(time: 20_000_000_000, counter: 0x0000_0000_27BC_86AA, algorithm: .sha256, code: "77737706"),
        Vector(time: 20_000_000_000, counter: 0x0000_0000_27BC_86AA, algorithm: .sha512, code: "47863826"),
    ]

    @Test(arguments: vectors)
    func rfc6238AppendixB(vector: Vector) {
        let totp = TOTP(algorithm: vector.algorithm, digits: 8)
        let time = Date(timeIntervalSince1970: vector.time)
        #expect(totp.counter(at: time) == vector.counter)
        #expect(totp.code(secret: Self.seed(vector.algorithm), time: time) == vector.code)
        #expect(totp.code(secret: Self.seed(vector.algorithm), counter: vector.counter) == vector.code)
        #expect(totp.validate(vector.code, secret: Self.seed(vector.algorithm), time: time))
    }

    @Test func appendixBCoversEveryAlgorithmAtEveryTime() {
        #expect(Self.vectors.count == 18)
        #expect(Set(Self.vectors.map(\.algorithm)) == Set(TOTP.Algorithm.allCases))
        #expect(Set(Self.vectors.map(\.time)) == [59, 1_111_111_109, 1_111_111_111, 1_234_567_890, 2_000_000_000, 20_000_000_000])
    }

    @Test func defaultsAreSHA1ThirtySecondsSixDigits() {
        let totp = TOTP()
        #expect(totp.algorithm == .sha1 && totp.period == 30 && totp.digits == 6)
        // The last 6 digits of the 8-digit vectors: the truncation is the same, modulo 10^6.
        #expect(totp.code(secret: Self.seed(.sha1), time: Date(timeIntervalSince1970: 59)) == "287082")
        #expect(totp.code(secret: Self.seed(.sha1), time: Date(timeIntervalSince1970: 1_111_111_109)) == "081804")
    }

    @Test func aBase32SecretGivesTheSameCodes() throws {
        let secret = try Base32.decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        #expect(secret == Self.seed(.sha1))
        #expect(TOTP(digits: 8).code(secret: secret, time: Date(timeIntervalSince1970: 1_234_567_890)) == "89005924")
    }

    @Test func theWindowAcceptsOneStepEitherSideAndNoMore() {
        let totp = TOTP()
        let secret = Self.seed(.sha1)
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let step = totp.counter(at: now)
        for offset in -3...3 {
            let code = totp.code(secret: secret, counter: UInt64(Int(step) + offset))
            // A code of another step may collide with one in the window by chance; these do not.
            #expect(totp.validate(code, secret: secret, time: now) == (abs(offset) <= 1), "offset \(offset)")
            #expect(totp.validate(code, secret: secret, time: now, window: 0) == (offset == 0), "offset \(offset)")
        }
        let current = totp.code(secret: secret, counter: step)
        #expect(totp.matchingCounters(of: current, secret: secret, time: now) == [step])
        #expect(totp.matchingCounters(of: current, secret: secret, time: now.addingTimeInterval(30)) == [step])
        #expect(totp.matchingCounters(of: current, secret: secret, time: now.addingTimeInterval(60)).isEmpty)
    }

    @Test func malformedCodesNeverMatch() {
        let totp = TOTP()
        let secret = Self.seed(.sha1)
        let now = Date(timeIntervalSince1970: 59)
        let code = totp.code(secret: secret, time: now)
        for wrong in ["", String(code.dropLast()), code + "0", " " + code, "abcdef"] {
            #expect(!totp.validate(wrong, secret: secret, time: now), "\(wrong)")
        }
        #expect(!totp.validate(code, secret: Array("another secret".utf8), time: now))
    }

    @Test func timesBeforeTheEpochAreStepZero() {
        #expect(TOTP().counter(at: Date(timeIntervalSince1970: -100)) == 0)
        #expect(TOTP().counter(at: Date(timeIntervalSince1970: 29.999)) == 0)
        #expect(TOTP().counter(at: Date(timeIntervalSince1970: 30)) == 1)
    }
}
