import Foundation
import NIOSSL

/// Certificate authorities trusted in addition to the system's, for an EntryGuard served with a
/// certificate from a private CA. Verification of the chain and the hostname stays on: there is
/// deliberately no way to turn it off.
public struct CertificateAuthorities: Sendable {
    /// The PEM file they were read from, for messages.
    public let path: String
    let certificates: [NIOSSLCertificate]

    /// Reads every certificate of a PEM file. A missing or unreadable file, a file with no
    /// `BEGIN CERTIFICATE` block, or a block that does not parse is an error naming the file.
    public static func load(pemFile path: String) throws(CertificateAuthorityError) -> CertificateAuthorities {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "no such file"
            throw CertificateAuthorityError("cannot read CA file '\(path)': \(reason)")
        }
        guard data.range(of: Data("-----BEGIN CERTIFICATE-----".utf8)) != nil else {
            throw CertificateAuthorityError(
                "CA file '\(path)' holds no PEM certificate (a '-----BEGIN CERTIFICATE-----' block)")
        }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(Array(data))
        } catch {
            throw CertificateAuthorityError("CA file '\(path)' holds a PEM certificate that cannot be parsed")
        }
        guard !certificates.isEmpty else {
            throw CertificateAuthorityError("CA file '\(path)' holds no PEM certificate")
        }
        return CertificateAuthorities(path: path, certificates: certificates)
    }

    /// The client TLS configuration: full verification against the system roots plus these. On a
    /// system without a CA bundle (a minimal Debian without ca-certificates) these alone, since
    /// swift-nio-ssl fails to set up TLS when the system roots it looks for are missing.
    static func clientTLS(adding authorities: CertificateAuthorities?) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if let authorities {
            if systemTrustStoreExists {
                tls.additionalTrustRoots = [.certificates(authorities.certificates)]
            } else {
                tls.trustRoots = .certificates(authorities.certificates)
            }
        }
        return tls
    }

    /// Where swift-nio-ssl looks for the system's roots on Linux (`LinuxCABundle.swift`).
    static let systemTrustStorePaths = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/certs"]

    static var systemTrustStoreExists: Bool {
        #if os(Linux)
        systemTrustStorePaths.contains { FileManager.default.fileExists(atPath: $0) }
        #else
        true
        #endif
    }
}

/// A CA file that cannot be used; raised before any request is made.
public struct CertificateAuthorityError: Error, Sendable, CustomStringConvertible {
    public let message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
