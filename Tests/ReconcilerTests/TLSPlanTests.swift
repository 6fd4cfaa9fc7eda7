import EntryGuardAPI
import EntryGuardSimulator
import Foundation
import PolicyModel
import Reconciler
import TestSupport
import Testing

/// Planning over real HTTPS on loopback, against the simulator serving a certificate from a private
/// CA made at test time: verification is always on, `--ca-file` only adds trust.
@Suite("TLS with a private CA", .timeLimit(.minutes(10)))
struct TLSPlanTests {
    static let policies = Repository.root + "/examples/policies"

    /// Runs a plan of the example against a simulator serving `tls`, trusting `caFile`.
    static func plan(serving tls: SimulatorTLS, caFile: String?,
                     check: (Result<Plan, ReconcileError>, SimulatorHandle) async throws -> Void) async throws {
        var configuration = SimulatorConfiguration(roles: try Repository.exampleRoles(), adminTokens: [APIPlanTests.token])
        configuration.tls = tls
        try await EntryGuardSimulator.withRunning(configuration) { handle in
            #expect(handle.baseURL.hasPrefix("https://127.0.0.1:"))
            var access = APIPlanTests.access(handle)
            access.caFile = caFile
            let result: Result<Plan, ReconcileError>
            do {
                result = .success(try await Planner().plan(PlanRequest(paths: [policies]), access: access).plan)
            } catch let failure as ReconcileError {
                result = .failure(failure)
            }
            try await check(result, handle)
        }
    }

    static func messages(_ result: Result<Plan, ReconcileError>) -> [String] {
        guard case .failure(let failure) = result else { return [] }
        return failure.diagnostics.map(\.message)
    }

    @Test("with the CA file the plan over HTTPS succeeds")
    func trustedCA() async throws {
        let authority = try TestCertificateAuthority()
        try await Self.plan(serving: try authority.serverTLS(), caFile: try authority.writePEM()) { result, handle in
            let plan = try result.get()
            #expect(plan.summary.unassign == 6)
            #expect(Set(await handle.requestLog().map(\.path)) == ["/api/v1/roles", "/api/v1/resources", "/api/v1/users", "/api/v1/sessions/admin"])
        }
    }

    @Test("without the CA file: a certificate error naming the endpoint, not retried")
    func untrustedWithoutCAFile() async throws {
        let authority = try TestCertificateAuthority()
        try await Self.plan(serving: try authority.serverTLS(), caFile: nil) { result, handle in
            let messages = Self.messages(result)
            #expect(messages.count == 1)
            let message = try #require(messages.first)
            #expect(message == "GET /api/v1/roles: the TLS certificate of \(handle.baseURL) is not trusted (CERTIFICATE_VERIFY_FAILED); "
                + "if it comes from a private CA, trust that CA with --ca-file or ENTRYGUARD_CA_FILE")
            #expect(await handle.requestLog().isEmpty)
        }
    }

    @Test("a CA file of another CA does not make the server trusted")
    func otherCA() async throws {
        let authority = try TestCertificateAuthority()
        let stranger = try TestCertificateAuthority(commonName: "someone else's CA")
        try await Self.plan(serving: try authority.serverTLS(), caFile: try stranger.writePEM()) { result, handle in
            let message = try #require(Self.messages(result).first)
            #expect(message.hasPrefix("GET /api/v1/roles: the TLS certificate of \(handle.baseURL) is not trusted"))
            #expect(await handle.requestLog().isEmpty)
        }
    }

    @Test("a certificate for another host name fails even with the CA")
    func wrongHostName() async throws {
        let authority = try TestCertificateAuthority()
        let elsewhere = try authority.serverTLS(dnsNames: ["api.example.com"], ipv4: [])
        try await Self.plan(serving: elsewhere, caFile: try authority.writePEM()) { result, handle in
            let message = try #require(Self.messages(result).first)
            #expect(message == "GET /api/v1/roles: the TLS certificate of \(handle.baseURL) is not valid for the host name '127.0.0.1'")
            #expect(await handle.requestLog().isEmpty)
        }
    }

    @Test("a missing CA file is an error before any request")
    func missingCAFile() async throws {
        let authority = try TestCertificateAuthority()
        let path = Scratch.root.appendingPathComponent("no-such-ca-\(UUID().uuidString).pem").path
        try await Self.plan(serving: try authority.serverTLS(), caFile: path) { result, handle in
            #expect(Self.messages(result) == ["cannot read CA file '\(path)': no such file"])
            #expect(await handle.requestLog().isEmpty)
        }
    }

    @Test("a CA file that is not PEM is an error before any request", arguments: [
        ("not a certificate\n", "holds no PEM certificate"),
        ("-----BEGIN CERTIFICATE-----\nbm90IGRlcg==\n-----END CERTIFICATE-----\n", "holds a PEM certificate that cannot be parsed"),
    ])
    func notPEM(contents: String, expected: String) async throws {
        let authority = try TestCertificateAuthority()
        let path = try APIPlanTests.temporaryDirectory() + "/ca.pem"
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        try await Self.plan(serving: try authority.serverTLS(), caFile: path) { result, handle in
            let message = try #require(Self.messages(result).first)
            #expect(message.hasPrefix("CA file '\(path)' \(expected)"))
            #expect(await handle.requestLog().isEmpty)
        }
    }

    @Test("--ca-file wins over ENTRYGUARD_CA_FILE; an empty variable is unset")
    func caFileResolution() {
        #expect(APIConfiguration.resolveCAFile(flag: "a.pem", environment: ["ENTRYGUARD_CA_FILE": "b.pem"]) == "a.pem")
        #expect(APIConfiguration.resolveCAFile(flag: nil, environment: ["ENTRYGUARD_CA_FILE": "b.pem"]) == "b.pem")
        #expect(APIConfiguration.resolveCAFile(flag: nil, environment: ["ENTRYGUARD_CA_FILE": ""]) == nil)
        #expect(APIConfiguration.resolveCAFile(flag: nil, environment: [:]) == nil)
    }
}
