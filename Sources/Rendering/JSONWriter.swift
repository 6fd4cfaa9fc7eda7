/// A JSON value whose objects keep their keys in the order given.
///
/// Written by hand because Foundation's `JSONEncoder` on Linux orders keys differently from run to
/// run unless told to sort them alphabetically; plans are reviewed as diffs, so the contract's order
/// (`formatVersion` and `summary` first) and byte-stable output matter more than saving 60 lines.
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.serialized() == rhs.serialized()
    }

    /// Two-space indented JSON; arrays of scalars one element a line, so diffs stay line-sized.
    public func serialized() -> String {
        var output = ""
        write(into: &output, indent: 0)
        output.append("\n")
        return output
    }

    private func write(into output: inout String, indent: Int) {
        switch self {
        case .string(let text):
            JSONValue.writeString(text, into: &output)
        case .int(let number):
            output.append(String(number))
        case .bool(let flag):
            output.append(flag ? "true" : "false")
        case .null:
            output.append("null")
        case .array(let items):
            guard !items.isEmpty else { output.append("[]"); return }
            output.append("[\n")
            for (index, item) in items.enumerated() {
                output.append(String(repeating: " ", count: indent + 2))
                item.write(into: &output, indent: indent + 2)
                output.append(index == items.count - 1 ? "\n" : ",\n")
            }
            output.append(String(repeating: " ", count: indent))
            output.append("]")
        case .object(let members):
            guard !members.isEmpty else { output.append("{}"); return }
            output.append("{\n")
            for (index, (key, value)) in members.enumerated() {
                output.append(String(repeating: " ", count: indent + 2))
                JSONValue.writeString(key, into: &output)
                output.append(": ")
                value.write(into: &output, indent: indent + 2)
                output.append(index == members.count - 1 ? "\n" : ",\n")
            }
            output.append(String(repeating: " ", count: indent))
            output.append("}")
        }
    }

    /// `text` as a JSON string literal. Also a valid YAML double-quoted scalar: control characters,
    /// C1 controls, U+2028/2029 and the BOM are escaped, so the text survives either parser.
    public static func quoted(_ text: String) -> String {
        var output = ""
        writeString(text, into: &output)
        return output
    }

    private static func writeString(_ text: String, into output: inout String) {
        output.append("\"")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028
                || scalar.value == 0x2029 || scalar.value == 0xFEFF:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output.append("\"")
    }
}
