@testable import EntryGuardSimulator
import Foundation
import TestSupport
import Testing

/// The pure parts: timestamps, the rate limiter, routes, bearer tokens, the seeded generator, JSON text.
@Suite(.timeLimit(.minutes(10))) struct InternalsTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000Z"),
        (1_771_410_600.0, "2026-02-18T10:30:00Z", "2026-02-18T10:30:00.000Z"),
        (951_782_400.5, "2000-02-29T00:00:00Z", "2000-02-29T00:00:00.500Z"),
        (4_107_542_399.75, "2100-02-28T23:59:59Z", "2100-02-28T23:59:59.750Z"),
        (-1.0, "1969-12-31T23:59:59Z", "1969-12-31T23:59:59.000Z"),
    ])
    func timestamps(seconds: Double, plain: String, withMilliseconds: String) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(Timestamp.rfc3339(date) == plain)
        #expect(Timestamp.rfc3339(date, milliseconds: true) == withMilliseconds)
    }

    @Test func rateLimiterAllowsLimitPerWindowAndCountsDownToTheWindowEnd() {
        var limiter = RateLimiter(rate: 2)
        #expect(limiter.admit(at: 10, inFlight: 1) == .admit)
        #expect(limiter.admit(at: 10.1, inFlight: 1) == .admit)
        #expect(limiter.admit(at: 10.2, inFlight: 1) == .refuse(retryAfter: 1))
        #expect(limiter.admit(at: 10.999, inFlight: 1) == .refuse(retryAfter: 1))
        #expect(limiter.admit(at: 11, inFlight: 1) == .admit)
        #expect(limiter.admit(at: 11.5, inFlight: 1) == .admit)
        #expect(limiter.admit(at: 11.6, inFlight: 1) == .refuse(retryAfter: 1))
    }

    @Test func routes() {
        let role = Examples.roleID
        let resource = Examples.resource1
        #expect(Route(method: "GET", path: "/api/v1/roles") == .listRoles)
        #expect(Route(method: "GET", path: "/api/v1/roles/\(role)") == .getRole(id: role))
        #expect(Route(method: "DELETE", path: "/api/v1/roles/\(role)/resources/\(resource)")
            == .unassign(roleID: role, resourceID: resource))
        #expect(Route(method: "POST", path: "/api/v1/roles/\(role)/resources/\(resource)")
            == .assign(roleID: role, resourceID: resource))
        #expect(Route(method: "GET", path: "/api/v1/resources") == .listResources)
        #expect(Route(method: "GET", path: "/api/v1/resources/\(resource)") == .getResource(id: resource))
        #expect(Route(method: "GET", path: "/api/v1/roles/a%20b") == .getRole(id: "a b"))
        #expect(Route(method: "GET", path: "/api/v1/roles/a%2Fb") == .getRole(id: "a/b"))
        // Escapes that do not decode to UTF-8 leave the whole segment as it was.
        #expect(Route(method: "GET", path: "/api/v1/roles/%E9t%C3%A9") == .getRole(id: "%E9t%C3%A9"))
        #expect(Route(method: "GET", path: "/api/v1/roles/%C3%A9t%C3%A9") == .getRole(id: "\u{E9}t\u{E9}"))
        #expect(Route(method: "GET", path: "/api/v1/roles/\u{E9}") == .getRole(id: "\u{E9}"))
        for (method, path) in [("GET", "/api/v1/roles/"), ("GET", "/api/v2/roles"), ("POST", "/api/v1/roles"),
                               ("GET", "/api/v1/roles/\(role)/resources"), ("PUT", "/api/v1/roles/\(role)"),
                               ("GET", "/api/v1//roles"), ("GET", "/"), ("GET", "/api/v1"), ("GET", "/api/v1roles")] {
            #expect(Route(method: method, path: path) == nil, "\(method) \(path)")
        }
    }

    @Test func uuids() {
        #expect(Route.isUUID(Examples.roleID))
        #expect(Route.isUUID(Examples.roleID.uppercased()))
        #expect(!Route.isUUID("550e8400e29b41d4a716446655440000"))
        #expect(!Route.isUUID("550e8400-e29b-41d4-a716-44665544000g"))
        #expect(!Route.isUUID("550e8400-e29b-41d4-a716-4466554400000"))
        #expect(!Route.isUUID(""))
        // Read from the bytes: the dashes where they belong, hex digits of either case and nothing
        // next to them in ASCII, and no multi-byte character, whether it brings a text of 35
        // characters to 36 bytes or one of 36 characters to 37.
        #expect(Route.isUUID("ABCDEF00-abcd-ef09-AbCd-0123456789aF"))
        #expect(!Route.isUUID("550e8400e-29b-41d4-a716-446655440000"))
        #expect(!Route.isUUID("550e8400-e29b-41d4-a716-4466554400\u{E9}"))
        #expect(!Route.isUUID("550e8400-e29b-41d4-a716-44665544000\u{E9}"))
        #expect(!Route.isUUID("550e8400-e29b-41d4-a716-44665544000-"))
        for neighbour in ["/", ":", "@", "G", "`", "g"] {
            #expect(!Route.isUUID("550e8400-e29b-41d4-a716-44665544000" + neighbour), "\(neighbour)")
        }
    }

    /// The bearer token as the simulator reads it: `Bearer`, in any case, a space, the token without
    /// the white space around it (CoreFoundation's set, read without Foundation), and the kind the
    /// request log records for it.
    @Test func bearerTokens() {
        let authenticator = Authenticator(SimulatorConfiguration(adminTokens: ["T0k-en"]))
        func presented(_ value: String) -> Authenticator.Presented {
            authenticator.presented(in: [.authorization: value])
        }
        for value in ["Bearer T0k-en", "bearer T0k-en", "BEARER T0k-en", "bEaReR T0k-en", "Bearer  T0k-en",
                      "Bearer T0k-en\t", "Bearer \u{A0}T0k-en\u{3000}", "Bearer T0k-en \u{2003}"] {
            #expect(presented(value) == .staticAdmin, "\(value)")
        }
        #expect(presented("Bearer T0k-en x") == .bearer("T0k-en x"))
        #expect(presented("Bearer T0k-e\u{E9}") == .bearer("T0k-e\u{E9}"))
        #expect(presented("Bearer T0k-en\u{200B}") == .staticAdmin)
        #expect(presented("Bearer T0k-en\u{FEFF}") == .bearer("T0k-en\u{FEFF}"))
        #expect(presented("Bearer T") == .bearer("T"))
        #expect([presented("Bearer T0k-en"), presented("Bearer T")].map(\.kind) == ["bearer", "bearer"])
        for value in ["Bearer", "Bearer ", "BearerT0k-en", "Bearer\tT0k-en", "Basic T0k-en", "Bearer_T0k-en", "Bearez T0k-en"] {
            #expect(presented(value) == .none, "\(value)")
        }
        #expect(presented("Basic T0k-en").kind == "none")
    }

    /// The standard-library trim agrees with Foundation's `.whitespaces` on the spaces a header can hold.
    @Test(arguments: ["tok", " tok ", "\ttok\t", "\u{A0}tok\u{3000}", "\u{2003}to k\u{2009}", "tok\n", "\u{200B}tok",
                      "\u{1680}tok\u{202F}", "\u{205F}tok\u{180E}", "\u{FEFF}tok", "   ", "", "t\u{301}"])
    func trimmingWhitespaceAgreesWithFoundation(text: String) {
        #expect(Authenticator.trimmingWhitespace(Substring(text)) == text.trimmingCharacters(in: .whitespaces))
    }

    @Test func seededDrawsRepeat() async throws {
        let configuration = SimulatorConfiguration(latencyJitterMilliseconds: 50, errorRate: 0.5, seed: 3)
        func draws() async throws -> [Int] {
            let state = try SimulatorState(configuration)
            var values: [Int] = []
            for _ in 0..<16 {
                values.append(await state.drawJitterMilliseconds())
                values.append(await state.drawError() ? 1 : 0)
            }
            return values
        }
        let first = try await draws()
        #expect(first == (try await draws()))
        #expect(stride(from: 0, to: first.count, by: 2).allSatisfy { (0...50).contains(first[$0]) })
        #expect(Set(stride(from: 0, to: first.count, by: 2).map { first[$0] }).count > 1)
    }

    @Test func splitMix64MatchesTheReferenceSequence() {
        // Reference values for seed 1234567 from the published SplitMix64 test vectors.
        var generator = SplitMix64(seed: 1_234_567)
        #expect(generator.next() == 6_457_827_717_110_365_317)
        #expect(generator.next() == 3_203_168_211_198_807_973)
        #expect(generator.next() == 9_817_491_932_198_370_423)
    }

    @Test func jsonTextKeepsKeyOrderAndEscapes() {
        let value = JSONValue.object([
            ("b", .string("quote \" backslash \\ newline \n tab \t bell \u{07} é")),
            ("a", .array([.integer(1), .number(1.5), .bool(false), .null])),
            ("empty", .object([])),
        ])
        #expect(value.text() ==
            #"{"b":"quote \" backslash \\ newline \n tab \t bell \u0007 é","a":[1,1.5,false,null],"empty":{}}"#)
        #expect(JSONValue.array([.integer(1), .object([("k", .null)])]).text(pretty: true) ==
            "[\n  1,\n  {\n    \"k\": null\n  }\n]")
    }
}
