import EntryGuardSimulator
import Foundation
import TestSupport
import NIOHTTP1
import Testing

/// The echo modes write back the credential the request sent (bearer token or API key), each in its
/// own form, and `ok-with-body` answers a DELETE 200 with a body and removes nothing.
@Suite(.timeLimit(.minutes(1))) struct EchoModeTests {
    static let token = "echo-token-a1/b2"

    static func reply(_ mode: String, _ method: HTTPMethod = .GET, _ path: String = "/roles",
                      credential: TestCredential = .bearer(token)) async throws -> (TestReply, [SimRole]) {
        var configuration = Examples.configuration
        configuration.adminTokens = [token]
        configuration.faults = [try HostileResponse.rule(parsing: mode)]
        return try await withSimulator(configuration) { api in
            (try await api.send(method, path, credential: credential), await api.simulator.roles())
        }
    }

    @Test func combiningMarkAfterTheToken() async throws {
        let (reply, _) = try await Self.reply("echo-combining-mark")
        #expect(reply.status == 400)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(reply.bytes)) as? [String: Any])
        #expect(object["message"] as? String == "credential \(Self.token)\u{301} is not valid for this request")
    }

    @Test func percentEncodedAPIKey() async throws {
        let (reply, _) = try await Self.reply("echo-percent-encoded", credential: .apiKey(TestAPI.apiKey))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(reply.bytes)) as? [String: Any])
        // "api-key-s3cr3t": even bytes in upper-case hex, odd ones in lower-case.
        #expect(object["message"] as? String == "request /api/v1/roles?access_token=%61%70%69%2d%6B%65%79%2d%73%33%63%72%33%74 rejected")
    }

    @Test func jsonEscapedWithoutMessage() async throws {
        let (reply, _) = try await Self.reply("echo-json-escaped")
        let text = String(decoding: reply.bytes, as: UTF8.self)
        #expect(reply.headers.first(name: "Content-Type") == "application/json")
        #expect(text.contains("\"detail\":\"credential \\u0065\\u0063\\u0068\\u006F\\u002d\\u0074\\u006f\\u006B\\u0065\\u006E\\u002d\\u0061\\u0031\\/\\u0062\\u0032 rejected\""), "\(text)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(reply.bytes)) as? [String: Any])
        #expect(object["message"] == nil)
        #expect(object["detail"] as? String == "credential \(Self.token) rejected")
    }

    @Test func htmlReferences() async throws {
        let (reply, _) = try await Self.reply("echo-html-escaped")
        let text = String(decoding: reply.bytes, as: UTF8.self)
        #expect(reply.headers.first(name: "Content-Type") == "text/html")
        #expect(text.contains("<code>&#101;&#x63;&#104;&#x6F;&#45;&#x74;&#111;&#x6B;&#101;&#x6E;&#45;&#x61;&#49;&sol;&#98;&#x32;</code>"), "\(text)")
    }

    @Test func paddingBeforeTheToken() async throws {
        let (reply, _) = try await Self.reply("echo-after-padding")
        let spaces = HostileResponse.paddingBeforeEcho(secretBytes: Self.token.utf8.count)
        #expect(spaces == 65_536 - 14)
        #expect(reply.bytes == Array((String(repeating: " ", count: spaces) + Self.token + " rejected").utf8))
    }

    @Test("ok-with-body: a DELETE answered 200 with a JSON body, and the binding is still there")
    func okWithBodyOnDelete() async throws {
        let path = "/roles/550e8400-e29b-41d4-a716-446655440000/resources/660e8400-e29b-41d4-a716-446655440001"
        let before = try await withSimulator(Examples.configuration) { api in await api.simulator.roles() }
        let (reply, after) = try await Self.reply("ok-with-body:DELETE", .DELETE, path)
        #expect(reply.status == 200)
        #expect(String(decoding: reply.bytes, as: UTF8.self) == "{\"message\":\"Resource unassigned from role successfully\"}")
        #expect(after == before)
    }
}
