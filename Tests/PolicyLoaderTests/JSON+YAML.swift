import Foundation
import TestSupport
@testable import PolicyLoader

/// A YAML document as JSON, for checking it against the policy schema.
extension JSON {
    /// A YAML document as an editor's schema check sees it.
    ///
    /// yaml-language-server reads YAML 1.2 with the core schema, so a plain `0123` is the integer 123
    /// and a plain `yes` the string "yes"; quoted scalars are strings. egpolicy itself reads every
    /// scalar as written, which is why the schema lets names be numbers and booleans too.
    /// Nil when the YAML has no JSON form (duplicate keys, a non-scalar key).
    init?(_ node: YAMLNode) {
        switch node.content {
        case .scalar(let text, let plain):
            self = plain && node.tag != "!!str" ? Self.coreSchemaScalar(text) : .string(text)
        case .sequence(let items):
            var values: [JSON] = []
            for item in items {
                guard let value = JSON(item) else { return nil }
                values.append(value)
            }
            self = .array(values)
        case .mapping(let pairs):
            var members: [String: JSON] = [:]
            for pair in pairs {
                guard case .scalar(let key, _) = pair.key.content, members[key] == nil, let value = JSON(pair.value) else {
                    return nil
                }
                members[key] = value
            }
            self = .object(members)
        }
    }

    /// YAML 1.2 core schema resolution of a plain scalar.
    static func coreSchemaScalar(_ text: String) -> JSON {
        if ["", "~", "null", "Null", "NULL"].contains(text) { return .null }
        if ["true", "True", "TRUE"].contains(text) { return .bool(true) }
        if ["false", "False", "FALSE"].contains(text) { return .bool(false) }
        if text.wholeMatch(of: /[-+]?[0-9]+/) != nil, let value = Double(text) { return .number(value) }
        if let match = text.wholeMatch(of: /0o([0-7]+)/), let value = Int(match.1, radix: 8) { return .number(Double(value)) }
        if let match = text.wholeMatch(of: /0x([0-9a-fA-F]+)/), let value = Int(match.1, radix: 16) { return .number(Double(value)) }
        if text.wholeMatch(of: /[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?/) != nil, let value = Double(text) {
            return .number(value)
        }
        if text.wholeMatch(of: /[-+]?\.(inf|Inf|INF)/) != nil { return .number(text.hasPrefix("-") ? -.infinity : .infinity) }
        if text.wholeMatch(of: /\.(nan|NaN|NAN)/) != nil { return .number(.nan) }
        return .string(text)
    }

    /// Every document of a YAML file as JSON; nil for an empty document. Fails when libyaml
    /// cannot read the file (syntax, encoding), or a document has no JSON form.
    static func documents(ofFile path: String) -> Result<[JSON?], DocumentError> {
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(DocumentError("unreadable")) }
        // Deeper than the loader's cap, so a deeply nested file is judged by its shape, not the cap.
        switch YAMLReader.read(Array(data), limits: YAMLLimits(maxDepth: 1000)) {
        case .failure(let error):
            return .failure(DocumentError("YAML: \(error.message)"))
        case .success(let documents):
            var values: [JSON?] = []
            for document in documents {
                // An empty document (`---` then nothing) is no policy document, for egpolicy as for an editor.
                guard let root = document.root, !root.isNull else { values.append(nil); continue }
                guard let value = JSON(root) else { return .failure(DocumentError("no JSON form")) }
                values.append(value)
            }
            return .success(values)
        }
    }

    struct DocumentError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
