import CYAML

/// Limits that keep hostile YAML from costing unbounded time or memory.
public struct YAMLLimits: Sendable, Hashable {
    /// Nodes that aliases (`*name`) may add to one file, counted as if expanded. A "billion laughs"
    /// bomb reaches this after a handful of aliases and is rejected without being expanded.
    public var maxAliasExpansion: Int
    /// Deepest nesting of lists and mappings; policy files need four levels.
    public var maxDepth: Int

    public init(maxAliasExpansion: Int = 1_000_000, maxDepth: Int = 64) {
        self.maxAliasExpansion = maxAliasExpansion
        self.maxDepth = maxDepth
    }
}

/// The failure that ends the reading of one file.
struct YAMLReadError: Error, Sendable {
    var message: String
    var line: Int
    var column: Int
}

/// Walks libyaml's event stream into located nodes, one array of documents per file.
///
/// Hand-written over libyaml's parser API rather than libyaml's own document loader because that
/// loader expands nothing lazily, keeps no per-node limit and gives no hook for the alias cap.
enum YAMLReader {
    static func read(_ bytes: [UInt8], limits: YAMLLimits = YAMLLimits()) -> Result<[YAMLDocument], YAMLReadError> {
        // libyaml would read UTF-16 after its byte-order mark; policy files are UTF-8 (README, "Policy files").
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let mark = bytes[0] == 0xFF ? "0xFF 0xFE" : "0xFE 0xFF"
            return .failure(YAMLReadError(
                message: "file is not valid UTF-8 text: it starts with a UTF-16 byte-order mark (\(mark)); save it as UTF-8",
                line: 1, column: 1))
        }
        return bytes.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                return .failure(YAMLReadError(message: "libyaml could not be initialized", line: 1, column: 1))
            }
            defer { yaml_parser_delete(&parser) }
            // An empty buffer still needs a valid pointer.
            let empty: [UInt8] = [0]
            if buffer.isEmpty {
                return empty.withUnsafeBufferPointer { pointer in
                    yaml_parser_set_input_string(&parser, pointer.baseAddress, 0)
                    var builder = TreeBuilder(limits: limits)
                    return builder.run(&parser, input: buffer)
                }
            }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = TreeBuilder(limits: limits)
            return builder.run(&parser, input: buffer)
        }
    }
}

/// Assembles nodes from events with an explicit stack (no recursion on hostile depth).
private struct TreeBuilder {
    /// An open list or mapping. A struct mutated in place through `stack[last]`, so appending to
    /// `items` never copies the array (an enum payload taken out and put back would).
    private struct Frame {
        var isMapping: Bool
        var items: [YAMLNode] = []
        var pairs: [YAMLNode.Pair] = []
        var pendingKey: YAMLNode?
        var line: Int
        var column: Int
        var tag: String?
        var anchor: String?
        /// Nodes in this subtree, aliases counted as expanded.
        var size = 1
    }

    let limits: YAMLLimits
    private var stack: [Frame] = []
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var aliasExpansion = 0
    private var documents: [YAMLDocument] = []
    private var documentRoot: YAMLNode?
    private var documentStart = (line: 1, column: 1)

    init(limits: YAMLLimits) {
        self.limits = limits
    }

    mutating func run(_ parser: inout yaml_parser_t, input: UnsafeBufferPointer<UInt8>) -> Result<[YAMLDocument], YAMLReadError> {
        // Marks can only run past the text when its last line has no break; only then is the end
        // worth a pass over the whole input.
        let end = input.last == 0x0A || input.last == 0x0D ? (line: Int.max, column: Int.max) : TextPosition.end(of: input)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                return .failure(Self.parserError(parser, input: input, end: end))
            }
            defer { yaml_event_delete(&event) }
            let (line, column) = Self.position(event.start_mark, end: end)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return .success(documents)
            case YAML_DOCUMENT_START_EVENT:
                documentRoot = nil
                documentStart = (line, column)
                // Anchors are scoped to their document.
                anchors.removeAll(keepingCapacity: true)
            case YAML_DOCUMENT_END_EVENT:
                documents.append(YAMLDocument(root: documentRoot, line: documentStart.line, column: documentStart.column))
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                let node = YAMLNode(
                    content: .scalar(text, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE),
                    line: line, column: column, tag: Self.tag(scalar.tag))
                if let error = complete(node, size: 1, anchor: Self.string(scalar.anchor)) { return .failure(error) }
            case YAML_SEQUENCE_START_EVENT:
                if let error = checkDepth(line: line, column: column) { return .failure(error) }
                let start = event.data.sequence_start
                var frame = Frame(isMapping: false, line: line, column: column, tag: Self.tag(start.tag), anchor: Self.string(start.anchor))
                // Room for a role's resources at once, rather than growing 1, 2, 4, 8, 16.
                frame.items.reserveCapacity(16)
                stack.append(frame)
            case YAML_MAPPING_START_EVENT:
                if let error = checkDepth(line: line, column: column) { return .failure(error) }
                let start = event.data.mapping_start
                var frame = Frame(isMapping: true, line: line, column: column, tag: Self.tag(start.tag), anchor: Self.string(start.anchor))
                // A role has four keys.
                frame.pairs.reserveCapacity(4)
                stack.append(frame)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let (node, size, anchor) = closeFrame()
                if let error = complete(node, size: size, anchor: anchor) { return .failure(error) }
            case YAML_ALIAS_EVENT:
                let name = Self.string(event.data.alias.anchor) ?? ""
                guard let target = anchors[name] else {
                    return .failure(YAMLReadError(message: "unknown alias '*\(name)': no anchor '&\(name)' precedes it", line: line, column: column))
                }
                aliasExpansion += target.size
                guard aliasExpansion <= limits.maxAliasExpansion else {
                    return .failure(YAMLReadError(
                        message: "YAML aliases expand this file past \(limits.maxAliasExpansion) nodes; refusing to expand further (alias bomb?)",
                        line: line, column: column))
                }
                if let error = complete(target.node, size: target.size, anchor: nil) { return .failure(error) }
            default:
                break
            }
        }
    }

    private func checkDepth(line: Int, column: Int) -> YAMLReadError? {
        guard stack.count >= limits.maxDepth else { return nil }
        return YAMLReadError(message: "lists and mappings are nested deeper than \(limits.maxDepth) levels", line: line, column: column)
    }

    private mutating func closeFrame() -> (YAMLNode, Int, String?) {
        let frame = stack.removeLast()
        let content: YAMLNode.Content = frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items)
        return (YAMLNode(content: content, line: frame.line, column: frame.column, tag: frame.tag), frame.size, frame.anchor)
    }

    /// Hands a finished node to its parent (or makes it the document's root).
    private mutating func complete(_ node: YAMLNode, size: Int, anchor: String?) -> YAMLReadError? {
        if let anchor { anchors[anchor] = (node, size) }
        guard !stack.isEmpty else {
            documentRoot = node
            return nil
        }
        let top = stack.count - 1
        stack[top].size += size
        if !stack[top].isMapping {
            stack[top].items.append(node)
        } else if let key = stack[top].pendingKey {
            stack[top].pairs.append(YAMLNode.Pair(key: key, value: node))
            stack[top].pendingKey = nil
        } else {
            stack[top].pendingKey = node
        }
        return nil
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func tag(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        string(pointer).map(shortTag)
    }

    /// libyaml's own words, at the place it names. Reader errors (bad UTF-8, control characters)
    /// carry only a byte offset, so the line and column are counted here.
    /// 1-based line and column of a libyaml mark. At the end of a file whose last line has no line
    /// break, libyaml starts a line of its own that the file does not have (an error there, or the
    /// empty value of a last `key:`); such a place is the one just after the last character.
    private static func position(_ mark: yaml_mark_t, end: (line: Int, column: Int)) -> (line: Int, column: Int) {
        let line = Int(mark.line) + 1
        return line > end.line ? end : (line, Int(mark.column) + 1)
    }

    private static func parserError(_ parser: yaml_parser_t, input: UnsafeBufferPointer<UInt8>, end: (line: Int, column: Int)) -> YAMLReadError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        if parser.error == YAML_READER_ERROR {
            var offset = min(parser.problem_offset, input.count)
            var value = parser.problem_value
            // A bad trailing octet is reported where it stands; the sequence starts at its leading byte.
            if problem.contains("trailing") {
                while offset > 0 && input[offset - 1] & 0xC0 == 0x80 { offset -= 1 }
                if offset > 0 { offset -= 1; value = Int32(input[offset]) }
            }
            let (line, column) = TextPosition.position(ofByte: offset, in: input)
            var message = "file is not valid UTF-8 text: " + (problem.contains("trailing") ? "invalid UTF-8 sequence" : problem)
            if value >= 0 { message += " (byte 0x\(String(value, radix: 16, uppercase: true)))" }
            return YAMLReadError(message: message, line: line, column: column)
        }
        let (line, column) = position(parser.problem_mark, end: end)
        var message = "invalid YAML: \(problem)"
        // libyaml's `index` counts characters, not bytes.
        if let offset = TextPosition.byteOffset(ofCharacter: Int(parser.problem_mark.index), in: input),
           input[offset] == UInt8(ascii: "\t") {
            message += " (a tab; YAML is indented with spaces)"
        }
        if let context = parser.context.map({ String(cString: $0) }),
           parser.context_mark.line != parser.problem_mark.line || parser.context_mark.column != parser.problem_mark.column {
            message += " (\(context) at line \(parser.context_mark.line + 1), column \(parser.context_mark.column + 1))"
        }
        return YAMLReadError(message: message, line: line, column: column)
    }

    /// A tag as a user would write it: `!!str` rather than `tag:yaml.org,2002:str`.
    static func shortTag(_ tag: String) -> String {
        let prefix = "tag:yaml.org,2002:"
        return tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }

}
