/// Lines and columns of raw input, counted as libyaml counts them, so that positions the loader works
/// out itself agree with the ones libyaml reports: a leading UTF-8 byte-order mark is no column;
/// LF, CR LF, CR, NEL, LS and PS end a line; columns count characters (an octet that is not a UTF-8
/// continuation octet starts one).
enum TextPosition {
    /// 1-based line and column of the character that starts at byte `offset`.
    static func position(ofByte offset: Int, in input: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var index = bomLength(input)
        let end = min(offset, input.count)
        while index < end {
            if let length = lineBreakLength(at: index, in: input) {
                line += 1
                column = 1
                index += length
            } else {
                if input[index] & 0xC0 != 0x80 { column += 1 }
                index += 1
            }
        }
        return (line, column)
    }

    /// The place just after the last character: where libyaml's "end of stream" belongs.
    static func end(of input: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        position(ofByte: input.count, in: input)
    }

    /// The byte offset of libyaml's `mark.index`, which counts characters after the byte-order mark
    /// (a CR LF counts as two).
    static func byteOffset(ofCharacter characterIndex: Int, in input: UnsafeBufferPointer<UInt8>) -> Int? {
        var characters = -1
        for index in bomLength(input)..<input.count where input[index] & 0xC0 != 0x80 {
            characters += 1
            if characters == characterIndex { return index }
        }
        return nil
    }

    private static func bomLength(_ input: UnsafeBufferPointer<UInt8>) -> Int {
        input.count >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF ? 3 : 0
    }

    /// The length in bytes of the line break at `index`, or nil when there is none.
    private static func lineBreakLength(at index: Int, in input: UnsafeBufferPointer<UInt8>) -> Int? {
        func byte(_ at: Int) -> UInt8? { at < input.count ? input[at] : nil }
        switch input[index] {
        case 0x0A:
            return 1
        case 0x0D:
            return byte(index + 1) == 0x0A ? 2 : 1
        case 0xC2 where byte(index + 1) == 0x85:
            return 2
        case 0xE2 where byte(index + 1) == 0x80 && (byte(index + 2) == 0xA8 || byte(index + 2) == 0xA9):
            return 3
        default:
            return nil
        }
    }
}
