import EntryGuardSimulator
import PolicyModel
import StrictJSON
import TestSupport
import Testing
@testable import EntryGuardAPI

/// `GET /resources` read as a plan reads it (`ResourceCatalogReader`): only ids and names, with the
/// errors that reading the answer as `ResourceObject`s gives, and over HTTP the same answers to the
/// same servers as `listResources`.
@Suite("GET /resources read into a catalog", .timeLimit(.minutes(2)))
struct ResourceCatalogTests {
    typealias F = SimulatorFixture

    static func catalog(_ text: String) throws(JSONError) -> ResourceCatalog {
        try JSONReader.read(Array(text.utf8), ResourceCatalogReader.read)
    }

    @Test("ids in either case, names unless empty; an id that is not a UUID is left out, every other member skipped")
    func reads() throws {
        let first = "660e8400-e29b-41d4-a716-446655440001"
        let second = "660E8400-E29B-41D4-A716-446655440002"
        let text = """
            [{"id":"\(first)","name":"db","provider":"AWS","config":{"nested":[1,{"x":null}],"s":"\\u0041"},"isActive":true},
             {"name":"","lastVerifiedAt":null,"id":"\(second)"},
             {"id":"sg-0abc123","name":"orphan"}]
            """
        let catalog = try Self.catalog(text)
        #expect(catalog.ids == [ResourceID(first)!, ResourceID(second)!])
        #expect(catalog.names == [ResourceID(first)!: "db"])
        #expect(try Self.catalog("[]") == ResourceCatalog())
    }

    @Test("a resource whose id or name is missing, not a string or given twice: the error of reading it as ResourceObjects",
          arguments: [
              #"[{"name":"a"}]"#,
              #"[{"id":"660e8400-e29b-41d4-a716-446655440001"}]"#,
              #"[{"id":7,"name":"a"}]"#,
              #"[{"id":null,"name":"a"}]"#,
              #"[{"id":"660e8400-e29b-41d4-a716-446655440001","name":["a"]}]"#,
              #"[{"id":"660e8400-e29b-41d4-a716-446655440001","id":"660e8400-e29b-41d4-a716-446655440002","name":"a"}]"#,
              #"[{"id":"660e8400-e29b-41d4-a716-446655440001","name":"a","name":"b"}]"#,
              #"{"id":"660e8400-e29b-41d4-a716-446655440001","name":"a"}"#,
              #"[{"id":"660e8400-e29b-41d4-a716-446655440001","name":"a","region":"eu",}]"#,
          ])
    func errorsOfResourceObjects(body: String) throws {
        let read = try #require(throws: JSONError.self) { try Self.catalog(body) }
        let decoded = try #require(throws: JSONError.self) { try JSONReader.decode([ResourceObject].self, from: Array(body.utf8)) }
        #expect(read.description == decoded.description)
    }

    @Test("over HTTP: the simulator's resources with their names, as listResources lists them")
    func overHTTP() async throws {
        try await F.withClient { client, handle, _ in
            let catalog = try await client.resourceCatalog()
            let listed = try await client.listResources()
            #expect(catalog.ids == Set(listed.compactMap { ResourceID($0.id) }))
            #expect(catalog.ids == [ResourceID(F.resource1)!, ResourceID(F.resource2)!])
            #expect(catalog.names.count == listed.filter { !$0.name.isEmpty }.count)
            for object in listed { #expect(catalog.names[ResourceID(object.id)!] == object.name) }
            #expect(await handle.requestLog().map(\.path) == ["/api/v1/resources", "/api/v1/resources"])
        }
    }

    /// The hostile modes that answer (the stalls and resets fail in sending, shared with every read).
    static let answeringModes = HostileResponse.allCases.filter { ![.stall, .trickle, .reset].contains($0) }

    @Test("each hostile answer to GET /resources: the error listResources gives, after one request", arguments: answeringModes)
    func hostileAsListed(mode: HostileResponse) async throws {
        let simulator = F.configuration { $0.faults = [FaultRule(method: "GET", pathPrefix: "/api/v1/resources", fault: .hostile(mode), repeats: true)] }
        try await F.withClient(simulator: simulator, maxRetries: 0, maxResponseBytes: EntryGuardClient.Configuration.defaultMaxResponseBytes) { client, handle, _ in
            let read = try #require(await expectAPIError { _ = try await client.resourceCatalog() })
            let listed = try #require(await expectAPIError { _ = try await client.listResources() })
            #expect(read.description == listed.description)
            #expect(read.description.hasPrefix("GET /api/v1/resources: "))
            #expect(await handle.requestLog().count == 2)
        }
    }

    @Test("a 200 whose resource names hold the credential is refused, as the roles' are")
    func secretInNames() async throws {
        let resources = [SimResource(id: F.resource1, name: "db \(F.token)")]
        try await F.withClient(simulator: F.configuration { $0.resources = resources }, maxRetries: 0) { client, _, _ in
            let error = try #require(await expectAPIError { _ = try await client.resourceCatalog() })
            #expect(error.description == "GET /api/v1/resources: HTTP 200, the body holds the credential this request sent; refusing to use it")
        }
    }
}
