import Foundation
import PolicyModel

/// Warnings for a role name in the policy that looks like a live role's name without being it
/// (README, "Policy files" matches names exactly, scalar for scalar).
///
/// The look-alike test is a skeleton: NFKC (which folds the Kelvin sign into K, fullwidth letters into
/// ASCII), then default-ignorable scalars removed (zero-width spaces and joiners, bidi controls), then
/// the Cyrillic and Greek letters that are drawn like Latin ones mapped to those. It is written here
/// rather than taken from ICU's uspoof (the full Unicode confusables table): Foundation on Linux
/// carries its own ICU without that API, and linking a second ICU into the static binary would add
/// tens of megabytes for a warning. It is a subset of UTS #39: ASCII look-alikes (`l`/`1`, `rn`/`m`)
/// are left out, as they would warn on ordinary names.
enum ConfusableNames {
    static func warnings(declared: [DesiredRole], live: [LiveRole]) -> [Diagnostic] {
        let named = declared.filter { $0.name != nil }
        guard !named.isEmpty else { return [] }
        // An ASCII name is its own skeleton, so two names can only look alike when one is not ASCII.
        var bySkeleton: [String: [LiveRole]] = [:]
        for role in live where !isASCII(role.name) { bySkeleton[skeleton(role.name), default: []].append(role) }
        let anyNonASCII = !bySkeleton.isEmpty || named.contains { !isASCII($0.name!) }
        guard anyNonASCII else { return [] }
        var asciiByName: [String: [LiveRole]] = [:]
        for role in live where isASCII(role.name) { asciiByName[role.name, default: []].append(role) }

        var warnings: [Diagnostic] = []
        for role in named {
            let name = role.name!
            let key = skeleton(name)
            var lookalikes = bySkeleton[key] ?? []
            if !isASCII(name) { lookalikes += asciiByName[key] ?? [] }
            for other in lookalikes.sorted(by: { $0.id < $1.id }) where !ExactName.same(other.name, name) {
                warnings.append(.warning(
                    "role name '\(visible(name))' looks like the live role '\(visible(other.name))' (\(other.id)) but is not the same text; "
                        + "names match exactly, scalar for scalar, so the policy does not name that role",
                    at: role.location))
            }
        }
        return warnings
    }

    /// NFKC, without default-ignorable scalars, Cyrillic and Greek look-alikes as Latin.
    static func skeleton(_ name: String) -> String {
        if isASCII(name) { return name }
        var scalars = String.UnicodeScalarView()
        for scalar in name.precomposedStringWithCompatibilityMapping.unicodeScalars {
            if scalar.properties.isDefaultIgnorableCodePoint { continue }
            scalars.append(latinLookalike[scalar.value].flatMap(Unicode.Scalar.init) ?? scalar)
        }
        return String(scalars)
    }

    /// The name with every scalar outside printable ASCII written as `\u{…}`, so two names that look
    /// the same read differently.
    static func visible(_ name: String) -> String {
        var text = ""
        for scalar in name.unicodeScalars {
            if (0x20..<0x7F).contains(scalar.value) {
                text.unicodeScalars.append(scalar)
            } else {
                text += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return text
    }

    private static func isASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }

    /// Cyrillic and Greek letters drawn like Latin letters (a subset of Unicode's confusables.txt).
    private static let latinLookalike: [UInt32: UInt32] = [
        // Cyrillic lower case
        0x0430: 0x61, 0x0435: 0x65, 0x043E: 0x6F, 0x0440: 0x70, 0x0441: 0x63, 0x0443: 0x79, 0x0445: 0x78,
        0x0456: 0x69, 0x0458: 0x6A, 0x0455: 0x73, 0x0501: 0x64, 0x04BB: 0x68, 0x051B: 0x71, 0x051D: 0x77,
        // Cyrillic upper case
        0x0410: 0x41, 0x0412: 0x42, 0x0415: 0x45, 0x041A: 0x4B, 0x041C: 0x4D, 0x041D: 0x48, 0x041E: 0x4F,
        0x0420: 0x50, 0x0421: 0x43, 0x0422: 0x54, 0x0423: 0x59, 0x0425: 0x58, 0x0406: 0x49, 0x0408: 0x4A, 0x0405: 0x53,
        // Greek
        0x0391: 0x41, 0x0392: 0x42, 0x0395: 0x45, 0x0396: 0x5A, 0x0397: 0x48, 0x0399: 0x49, 0x039A: 0x4B,
        0x039C: 0x4D, 0x039D: 0x4E, 0x039F: 0x4F, 0x03A1: 0x50, 0x03A4: 0x54, 0x03A5: 0x59, 0x03A7: 0x58,
        0x03BF: 0x6F, 0x03BD: 0x76, 0x03B9: 0x69, 0x03B1: 0x61,
        // Latin
        0x0131: 0x69,
    ]
}
