/// Which request a `Fault` applies to; each rule fires once.
public struct FaultRule: Sendable {
    /// The HTTP method to match, case-insensitively; nil matches any.
    public var method: String?
    /// The start of the request path to match, e.g. "/api/v1/roles".
    public var pathPrefix: String
    /// What happens to the matched request.
    public var fault: Fault

    /// Creates a rule.
    public init(method: String? = nil, pathPrefix: String, fault: Fault) {
        self.method = method
        self.pathPrefix = pathPrefix
        self.fault = fault
    }

    /// Whether this rule applies to a request.
    func matches(method requestMethod: String, path: String) -> Bool {
        if let method, method.uppercased() != requestMethod.uppercased() {
            return false
        }
        return path.hasPrefix(pathPrefix)
    }
}
