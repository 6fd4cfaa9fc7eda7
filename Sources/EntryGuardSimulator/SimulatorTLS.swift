import Foundation
import HummingbirdCore
import HummingbirdTLS
import NIOSSL

/// Serving HTTPS: a certificate chain and its private key, both PEM. The simulator then listens on
/// `https://` only; tests use it to check the client's certificate verification.
public struct SimulatorTLS: Sendable {
    /// The server's certificate first, then any intermediates.
    public var certificateChainPEM: [UInt8]
    public var privateKeyPEM: [UInt8]

    public init(certificateChainPEM: [UInt8], privateKeyPEM: [UInt8]) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
    }

    /// Reads the two PEM files (`--tls-cert`, `--tls-key`).
    public init(certificateFile: String, keyFile: String) throws {
        func read(_ path: String, _ what: String) throws -> [UInt8] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SimulatorError("cannot read the TLS \(what) file '\(path)'")
            }
            return Array(data)
        }
        self.init(certificateChainPEM: try read(certificateFile, "certificate"), privateKeyPEM: try read(keyFile, "key"))
    }

    /// The Hummingbird server for `tls`: plain HTTP/1.1 when nil, else HTTP/1.1 inside TLS.
    static func server(_ tls: SimulatorTLS?) throws -> HTTPServerBuilder {
        guard let tls else { return .http1() }
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(tls.certificateChainPEM)
            key = try NIOSSLPrivateKey(bytes: tls.privateKeyPEM, format: .pem)
        } catch {
            throw SimulatorError("the TLS certificate or key is not valid PEM: \(error)")
        }
        guard !chain.isEmpty else { throw SimulatorError("the TLS certificate file holds no PEM certificate") }
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        return try .tls(.http1(), tlsConfiguration: configuration)
    }
}
