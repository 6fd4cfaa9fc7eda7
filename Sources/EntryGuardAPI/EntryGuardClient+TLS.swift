import Foundation
import NIOSSL

extension EntryGuardClient {
    /// What went wrong, for a TLS failure (an untrusted certificate, a certificate for other host
    /// names, a failed handshake) with the server at `url`; nil for any other error. Such failures
    /// are final: retrying an untrusted certificate gives the same answer.
    static func tlsFailure(_ error: any Error, url: String) -> String? {
        switch error {
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            let host = URLComponents(string: url)?.host ?? url
            return "the TLS certificate of \(url) is not valid for the host name '\(host)'"
        case let error as NIOSSLError:
            if case .handshakeFailed(let reason) = error {
                let codes = boringSSLCodes("\(reason)")
                if codes.contains("CERTIFICATE_VERIFY_FAILED") {
                    return "the TLS certificate of \(url) is not trusted (CERTIFICATE_VERIFY_FAILED); "
                        + "if it comes from a private CA, trust that CA with --ca-file or ENTRYGUARD_CA_FILE"
                }
                return "the TLS handshake with \(url) failed (\(codes.isEmpty ? "\(reason)" : codes.joined(separator: ", ")))"
            }
            return "TLS with \(url) failed (\(error))"
        case is BoringSSLError where !CertificateAuthorities.systemTrustStoreExists:
            return "TLS with \(url) cannot be set up: this system has no CA certificates (\(CertificateAuthorities.systemTrustStorePaths[0])); "
                + "install ca-certificates, or trust the server's CA with --ca-file or ENTRYGUARD_CA_FILE"
        case let error as BoringSSLError:
            let codes = boringSSLCodes("\(error)")
            return "TLS with \(url) failed (\(codes.isEmpty ? "\(error)" : codes.joined(separator: ", ")))"
        case let error as NIOSSLExtraError:
            return "TLS with \(url) failed (\(error))"
        default:
            return nil
        }
    }

    /// BoringSSL's reason codes (`CERTIFICATE_VERIFY_FAILED`) out of its error text, which also
    /// carries numbers and source paths nobody needs.
    private static func boringSSLCodes(_ text: String) -> [String] {
        text.matches(of: /OPENSSL_internal:([A-Z0-9_]+)/).map { String($0.1) }
    }
}
