/// Plain scalars that YAML 1.2's core schema reads as a number other than a decimal integer
/// (`1.0`, `1e0`, `0x1`, `0o1`, `.inf`, `.nan`): egpolicy reads scalars as written, but a message
/// about one should call it the number the person meant, not a string.
enum YAMLNumber {
    static func isNumber(_ text: String) -> Bool {
        if ["-.inf", "+.inf", ".inf", "-.Inf", "+.Inf", ".Inf", "-.INF", "+.INF", ".INF", ".nan", ".NaN", ".NAN"].contains(text) {
            return true
        }
        let scalars = Array(text.unicodeScalars)
        if scalars.count > 2, scalars[0] == "0", scalars[1] == "x" || scalars[1] == "o" {
            return scalars.dropFirst(2).allSatisfy { scalars[1] == "x" ? $0.properties.isASCIIHexDigit : ("0"..."7").contains($0) }
        }
        // [-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var index = 0
        func digits() -> Int {
            let start = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            return index - start
        }
        if index < scalars.count, scalars[index] == "-" || scalars[index] == "+" { index += 1 }
        var mantissa = digits()
        if index < scalars.count, scalars[index] == "." {
            index += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            index += 1
            if index < scalars.count, scalars[index] == "-" || scalars[index] == "+" { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == scalars.count
    }
}
