/// Why a JSON text was refused: where (line, column, byte offset, JSON path) and a short reason.
///
/// `syntax` errors mean the bytes are not RFC 8259 JSON at all; `shape` errors mean they are, but
/// not of the shape the caller reads (a number where a string was expected, a missing key).
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Not JSON: the text breaks RFC 8259 (or the nesting limit).
        case syntax
        /// JSON, but not of the expected shape.
        case shape
    }

    public var kind: Kind
    /// 1-based line of the offending byte.
    public var line: Int
    /// 1-based column, in Unicode scalars from the start of the line.
    public var column: Int
    /// 0-based byte offset.
    public var offset: Int
    /// Where in the document, e.g. `$[3].resourceIds[0]`; `$` is the whole document.
    public var path: String
    /// What is wrong, e.g. `trailing comma` or `expected a string, found a number`.
    public var reason: String

    public init(kind: Kind, line: Int, column: Int, offset: Int, path: String, reason: String) {
        self.kind = kind
        self.line = line
        self.column = column
        self.offset = offset
        self.path = path
        self.reason = reason
    }

    /// `invalid JSON at line 3, column 7 (at $[2].name): trailing comma` for syntax errors,
    /// `$[3].resourceIds[0]: expected a string, found a number (line 4, column 20)` for shape errors.
    public var description: String {
        switch kind {
        case .syntax: "invalid JSON at line \(line), column \(column) (at \(path)): \(reason)"
        case .shape: "\(path): \(reason) (line \(line), column \(column))"
        }
    }
}
