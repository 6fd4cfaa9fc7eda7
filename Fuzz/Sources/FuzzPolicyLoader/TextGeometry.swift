/// The lines of an input as libyaml counts them: breaks are LF, CR LF, CR, NEL, LS and PS; columns
/// count characters; a leading UTF-8 byte-order mark is not a column.
struct TextGeometry {
    /// Characters on each line, without its break.
    private(set) var lineLengths: [Int] = [0]

    var lineCount: Int { lineLengths.count }

    init(_ bytes: [UInt8]) {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                index += byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
                lineLengths.append(0)
            } else if byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] == 0x85 {
                index += 2
                lineLengths.append(0)
            } else if byte == 0xE2 && index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) {
                index += 3
                lineLengths.append(0)
            } else {
                // A continuation byte belongs to the character before it.
                if byte & 0xC0 != 0x80 { lineLengths[lineLengths.count - 1] += 1 }
                index += 1
            }
        }
    }

    /// Whether LINE:COLUMN names a character of the text, or the place just after a line's end.
    func contains(line: Int, column: Int) -> Bool {
        line >= 1 && column >= 1 && line <= lineLengths.count && column <= lineLengths[line - 1] + 1
    }

    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
