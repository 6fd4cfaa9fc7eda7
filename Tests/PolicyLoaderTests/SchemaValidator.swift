import Foundation
import TestSupport

/// A JSON Schema (draft-07) validator for exactly the keywords the policy schema uses.
///
/// Hand-written because no JSON Schema library is among the project's packages and the test suite
/// must run without network or pip. It refuses a schema with any other keyword, so the schema cannot
/// grow a rule this validator silently ignores. (`scripts/check-schema` runs Python's `jsonschema`
/// on the same documents when it is installed, as a second opinion.)
struct SchemaValidator {
    static let assertions: Set<String> = [
        "type", "const", "pattern", "minLength", "required", "properties", "additionalProperties",
        "propertyNames", "items", "anyOf", "not", "$ref", "minimum",
    ]
    static let annotations: Set<String> = ["$schema", "title", "description", "definitions"]

    struct UnsupportedKeyword: Error, CustomStringConvertible {
        var description: String
    }

    private let root: JSON

    init(schema: JSON) throws {
        root = schema
        try Self.checkKeywords(schema, at: "#")
    }

    /// Every violation, as `path: what`; empty when the instance is valid.
    func errors(_ instance: JSON) -> [String] {
        var errors: [String] = []
        validate(instance, against: root, at: "$", into: &errors)
        return errors
    }

    private static func checkKeywords(_ schema: JSON, at location: String) throws {
        guard case .object(let members) = schema else {
            throw UnsupportedKeyword(description: "\(location): a schema must be an object here")
        }
        for (keyword, value) in members {
            guard assertions.contains(keyword) || annotations.contains(keyword) else {
                throw UnsupportedKeyword(description: "\(location): keyword '\(keyword)' is not supported by this validator")
            }
            switch (keyword, value) {
            case ("properties", .object(let children)), ("definitions", .object(let children)):
                for (name, child) in children { try checkKeywords(child, at: "\(location)/\(keyword)/\(name)") }
            case ("additionalProperties", .object), ("propertyNames", _), ("items", _), ("not", _):
                try checkKeywords(value, at: "\(location)/\(keyword)")
            case ("anyOf", .array(let branches)):
                for (index, branch) in branches.enumerated() { try checkKeywords(branch, at: "\(location)/anyOf/\(index)") }
            case ("$ref", _):
                guard Set(members.keys).subtracting(["$ref", "description"]).isEmpty else {
                    throw UnsupportedKeyword(description: "\(location): draft-07 ignores keywords beside '$ref'; only 'description' may be there")
                }
            default:
                break
            }
        }
    }

    private func validate(_ instance: JSON, against schema: JSON, at path: String, into errors: inout [String]) {
        guard case .object(let keywords) = schema else { return }
        if case .string(let reference) = keywords["$ref"] {
            validate(instance, against: resolve(reference), at: path, into: &errors)
            return
        }
        if let type = keywords["type"] {
            let allowed: [String]
            switch type {
            case .string(let name): allowed = [name]
            case .array(let names): allowed = names.compactMap { if case .string(let name) = $0 { name } else { nil } }
            default: allowed = []
            }
            guard allowed.contains(where: { Self.has(instance, type: $0) }) else {
                errors.append("\(path): expected \(allowed.joined(separator: " or ")), found \(Self.typeName(instance))")
                return
            }
        }
        if let constant = keywords["const"], instance != constant {
            errors.append("\(path): must be \(constant)")
        }
        if case .string(let text) = instance {
            if case .string(let pattern) = keywords["pattern"], !Self.matches(text, pattern) {
                errors.append("\(path): '\(text)' does not match \(pattern)")
            }
            if case .number(let minimum) = keywords["minLength"], Double(text.unicodeScalars.count) < minimum {
                errors.append("\(path): shorter than \(Int(minimum))")
            }
        }
        if case .number(let value) = instance, case .number(let minimum) = keywords["minimum"], value < minimum {
            errors.append("\(path): less than \(Int(minimum))")
        }
        if case .object(let members) = instance {
            validateObject(members, keywords, at: path, into: &errors)
        }
        if case .array(let items) = instance, let itemSchema = keywords["items"] {
            for (index, item) in items.enumerated() {
                validate(item, against: itemSchema, at: "\(path)[\(index)]", into: &errors)
            }
        }
        if case .array(let branches) = keywords["anyOf"] {
            let passing = branches.contains { branch in
                var branchErrors: [String] = []
                validate(instance, against: branch, at: path, into: &branchErrors)
                return branchErrors.isEmpty
            }
            if !passing { errors.append("\(path): matches none of the anyOf alternatives") }
        }
        if let negated = keywords["not"] {
            var negatedErrors: [String] = []
            validate(instance, against: negated, at: path, into: &negatedErrors)
            if negatedErrors.isEmpty { errors.append("\(path): must not match \(negated)") }
        }
    }

    private func validateObject(_ members: [String: JSON], _ keywords: [String: JSON], at path: String,
                                into errors: inout [String]) {
        if case .array(let required) = keywords["required"] {
            for case .string(let name) in required where members[name] == nil {
                errors.append("\(path): missing required '\(name)'")
            }
        }
        var declared: [String: JSON] = [:]
        if case .object(let properties) = keywords["properties"] { declared = properties }
        for (name, value) in members.sorted(by: { $0.key < $1.key }) {
            if let propertySchema = declared[name] {
                validate(value, against: propertySchema, at: "\(path).\(name)", into: &errors)
            } else if let additional = keywords["additionalProperties"] {
                if case .bool(false) = additional {
                    errors.append("\(path): '\(name)' is not allowed")
                } else {
                    validate(value, against: additional, at: "\(path).\(name)", into: &errors)
                }
            }
            if let names = keywords["propertyNames"] {
                validate(.string(name), against: names, at: "\(path) key '\(name)'", into: &errors)
            }
        }
    }

    private func resolve(_ reference: String) -> JSON {
        let prefix = "#/definitions/"
        guard reference.hasPrefix(prefix), case .object(let root) = root, case .object(let definitions) = root["definitions"],
              let target = definitions[String(reference.dropFirst(prefix.count))]
        else {
            preconditionFailure("unresolvable $ref \(reference)")
        }
        return target
    }

    private static func has(_ instance: JSON, type: String) -> Bool {
        switch (type, instance) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array), ("object", .object):
            return true
        case ("integer", .number(let value)):
            return value.isFinite && value.rounded() == value
        default:
            return false
        }
    }

    private static func typeName(_ instance: JSON) -> String {
        switch instance {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// ECMA-262 `pattern`: a search, not a whole match; the schema anchors its patterns itself.
    private static func matches(_ text: String, _ pattern: String) -> Bool {
        guard let expression = try? NSRegularExpression(pattern: pattern) else {
            preconditionFailure("invalid pattern \(pattern)")
        }
        return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
