import Foundation
import PolicyModel

/// The EntryGuard base URL (README, "Configuration").
public enum APIConfiguration {
    public static let defaultURL = "https://api.entryguard.io/api/v1"
    public static let urlVariable = "ENTRYGUARD_API_URL"
    public static let caFileVariable = "ENTRYGUARD_CA_FILE"

    /// `--ca-file`, else `ENTRYGUARD_CA_FILE` (empty counts as unset): a PEM file of CA certificates
    /// trusted besides the system's. Nil: the system's roots only.
    public static func resolveCAFile(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        flag ?? environment[caFileVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `--api-url`, else `ENTRYGUARD_API_URL`, else the default; checked, without a trailing slash.
    /// `http://` is refused unless the host is loopback, so credentials never cross a network in clear.
    public static func resolveURL(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ReconcileError) -> String
    {
        let given = flag ?? environment[urlVariable].flatMap { $0.isEmpty ? nil : $0 } ?? defaultURL
        var text = given
        while text.hasSuffix("/") { text.removeLast() }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else {
            throw ReconcileError.configuration("API URL '\(given)' is not an absolute http(s) URL")
        }
        guard components.query == nil, components.fragment == nil, components.user == nil, components.password == nil else {
            throw ReconcileError.configuration("API URL '\(redacted(components))' must not carry a query, a fragment or credentials")
        }
        if let port = components.port, !validPorts.contains(port) {
            throw ReconcileError.configuration("API URL '\(given)' has port \(port); a port is from \(validPorts.lowerBound) to \(validPorts.upperBound)")
        }
        switch scheme {
        case "https":
            return text
        case "http" where isLoopback(host):
            return text
        case "http":
            throw ReconcileError.configuration("refusing http:// for non-loopback host '\(host)': credentials would travel unencrypted; use https://")
        default:
            throw ReconcileError.configuration("API URL '\(given)' must use https:// (or http:// on loopback)")
        }
    }

    /// The ports a URL may name (TCP's, without 0).
    public static let validPorts = 1...65535

    /// 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        var host = host.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in UInt8(part) != nil }
    }

    private static func redacted(_ components: URLComponents) -> String {
        var copy = components
        copy.user = nil
        copy.password = nil
        copy.query = nil
        copy.fragment = nil
        return copy.string ?? "?"
    }
}
