/// Which request a `Fault` applies to; a rule fires once, unless it repeats.
public struct FaultRule: Sendable {
    /// The HTTP method to match, case-insensitively; nil matches any.
    public var method: String?
    /// The start of the request path to match, e.g. "/api/v1/roles".
    public var pathPrefix: String
    /// What happens to the matched request.
    public var fault: Fault
    /// Whether the rule fires for every request it matches instead of the first only.
    public var repeats: Bool
    /// Whether the path must be `pathPrefix` itself, not merely start with it: `/api/v1/roles`
    /// then matches the list, not `/api/v1/roles/{id}`.
    public var exactPath: Bool

    /// Creates a rule.
    public init(method: String? = nil, pathPrefix: String, fault: Fault, repeats: Bool = false, exactPath: Bool = false) {
        self.method = method
        self.pathPrefix = pathPrefix
        self.fault = fault
        self.repeats = repeats
        self.exactPath = exactPath
    }

    /// Whether this rule applies to a request.
    func matches(method requestMethod: String, path: String) -> Bool {
        if let method, method.uppercased() != requestMethod.uppercased() {
            return false
        }
        return exactPath ? path == pathPrefix : path.hasPrefix(pathPrefix)
    }
}
