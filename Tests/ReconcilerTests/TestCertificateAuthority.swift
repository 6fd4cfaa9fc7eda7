import Crypto
import EntryGuardSimulator
import Foundation
import SwiftASN1
import TestSupport
import X509

/// A private certificate authority made at test time (no key is committed), and server
/// certificates it signs.
struct TestCertificateAuthority {
    let key = P256.Signing.PrivateKey()
    let name: DistinguishedName
    let certificate: Certificate

    init(commonName: String = "egpolicy test CA") throws {
        name = try DistinguishedName { CommonName(commonName) }
        let now = Date()
        certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 86_400, issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(key))
    }

    /// The CA certificate as PEM, what `--ca-file` reads.
    func pem() throws -> String {
        try certificate.serializeAsPEM().pemString
    }

    /// A server certificate for these DNS names and IPv4 addresses, and its key, for the simulator.
    func serverTLS(dnsNames: [String] = ["localhost"], ipv4: [[UInt8]] = [[127, 0, 0, 1]]) throws -> SimulatorTLS {
        let serverKey = P256.Signing.PrivateKey()
        let subject = try DistinguishedName { CommonName(dnsNames.first ?? "server") }
        let now = Date()
        let names = dnsNames.map { GeneralName.dnsName($0) } + ipv4.map { GeneralName.ipAddress(ASN1OctetString(contentBytes: $0[...])) }
        let leaf = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(serverKey.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 86_400, issuer: name, subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
            },
            issuerPrivateKey: .init(key))
        return SimulatorTLS(certificateChainPEM: Array(try leaf.serializeAsPEM().pemString.utf8),
                            privateKeyPEM: Array(serverKey.pemRepresentation.utf8))
    }

    /// Writes the CA certificate to a new temporary file and returns its path.
    func writePEM() throws -> String {
        let directory = Scratch.root.appendingPathComponent("egpolicy-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("ca.pem").path
        try Data(try pem().utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
