import Parallel

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
        String(decoding: serializedBytes(), as: UTF8.self)
    }

    /// `serialized()` as UTF-8 bytes. Arrays of at least `parallelFrom` elements are written on all
    /// cores, a run of elements each, and joined in order: the bytes are the same.
    public func serializedBytes(parallelFrom: Int = 1024) -> [UInt8] {
        var output: [UInt8] = []
        write(into: &output, indent: 0, parallelFrom: parallelFrom)
        output.append(UInt8(ascii: "\n"))
        return output
    }

    /// Written as UTF-8 bytes: a plan of 100,000 bindings is millions of small appends.
    private func write(into output: inout [UInt8], indent: Int, parallelFrom: Int) {
        switch self {
        case .string(let text):
            JSONValue.writeString(text, into: &output)
        case .int(let number):
            output.append(contentsOf: String(number).utf8)
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null:
            output.append(contentsOf: "null".utf8)
        case .array(let items):
            guard !items.isEmpty else { output.append(contentsOf: "[]".utf8); return }
            output.append(contentsOf: "[\n".utf8)
            if items.count >= parallelFrom {
                Self.writeInRuns(items, into: &output, indent: indent + 2)
            } else {
                Self.writeItems(items[...], of: items.count, into: &output, indent: indent + 2, parallelFrom: parallelFrom)
            }
            Self.pad(&output, indent)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else { output.append(contentsOf: "{}".utf8); return }
            output.append(contentsOf: "{\n".utf8)
            for (index, (key, value)) in members.enumerated() {
                Self.pad(&output, indent + 2)
                JSONValue.writeString(key, into: &output)
                output.append(contentsOf: ": ".utf8)
                value.write(into: &output, indent: indent + 2, parallelFrom: parallelFrom)
                output.append(contentsOf: (index == members.count - 1 ? "\n" : ",\n").utf8)
            }
            Self.pad(&output, indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    /// An array's elements (of `count`), each on its own line and all but the last followed by a comma.
    private static func writeItems(_ items: ArraySlice<JSONValue>, of count: Int, into output: inout [UInt8], indent: Int,
                                   parallelFrom: Int) {
        for index in items.indices {
            pad(&output, indent)
            items[index].write(into: &output, indent: indent, parallelFrom: parallelFrom)
            output.append(contentsOf: (index == count - 1 ? "\n" : ",\n").utf8)
        }
    }

    /// `writeItems` of the whole array, runs of it on all cores, joined in order.
    private static func writeInRuns(_ items: [JSONValue], into output: inout [UInt8], indent: Int) {
        let runs = inRuns(of: items.count) { range in
            var bytes: [UInt8] = []
            writeItems(items[range], of: items.count, into: &bytes, indent: indent, parallelFrom: .max)
            return bytes
        }
        output.reserveCapacity(output.count + runs.reduce(0) { $0 + $1.count })
        for bytes in runs { output.append(contentsOf: bytes) }
    }

    private static func pad(_ output: inout [UInt8], _ count: Int) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }

    /// `text` as a JSON string literal. Also a valid YAML double-quoted scalar: control characters,
    /// C1 controls, U+2028/2029 and the BOM are escaped, so the text survives either parser.
    public static func quoted(_ text: String) -> String {
        var output: [UInt8] = []
        writeString(text, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Ids and most names need no escape: copy their bytes at once.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            output.append(contentsOf: text.utf8)
            output.append(UInt8(ascii: "\""))
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output.append(contentsOf: "\\\"".utf8)
            case "\\": output.append(contentsOf: "\\\\".utf8)
            case "\n": output.append(contentsOf: "\\n".utf8)
            case "\r": output.append(contentsOf: "\\r".utf8)
            case "\t": output.append(contentsOf: "\\t".utf8)
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028
                || scalar.value == 0x2029 || scalar.value == 0xFEFF:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                output.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default:
                output.append(contentsOf: String(scalar).utf8)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
