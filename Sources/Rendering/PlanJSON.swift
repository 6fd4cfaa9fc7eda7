import PolicyModel

/// The JSON form of a plan (README, "plan"): keys in the contract's order as the plan types' `Codable`
/// conformances encode them (the one definition of the format), and the saved plan's digest.
public enum PlanJSON {
    /// The document, ending with `planDigest`: `sha256:` of every byte before it, written as if it
    /// were absent. It detects accidental edits of a saved plan; it is not a signature (anyone who
    /// can edit the file can compute it again).
    public static func render(_ plan: Plan) -> String {
        var body = value(of: plan).serializedBytes()
        let digest = self.digest(of: body)
        // The body ends with "\n}\n"; the digest becomes its last member, as the writer would put it.
        body.removeLast(3)
        body.append(contentsOf: ",\n  \"planDigest\": \"\(digest)\"\n}\n".utf8)
        return String(decoding: body, as: UTF8.self)
    }

    /// The `planDigest` a plan's content has.
    public static func digest(of plan: Plan) -> String {
        digest(of: value(of: plan).serializedBytes())
    }

    private static func digest(of body: [UInt8]) -> String {
        ContentDigest.sha256(body)
    }

    /// The plan as its `Codable` conformance encodes it: the one definition of the format, which
    /// `SavedPlan.read` decodes.
    static func value(of plan: Plan) -> JSONValue {
        // The plan types encode only strings, numbers, Booleans, arrays and objects: nothing throws.
        (try? JSONValueEncoder().encode(plan)) ?? .null
    }
}
