import PolicyLoader
import PolicyModel

/// What must hold for every input, beyond "it did not crash".
enum Invariants {
    static func check(_ outcome: PolicyLoader.Outcome, sources: [(path: String, bytes: [UInt8])]) -> [String] {
        var failures: [String] = []
        var texts: [String: TextGeometry] = [:]
        for source in sources { texts[source.path] = TextGeometry(source.bytes) }

        func checkLocation(_ location: SourceLocation, _ what: String) {
            guard let text = texts[location.path] else {
                failures.append("\(what) names a file that was not loaded: \(location)")
                return
            }
            if !text.contains(line: location.line, column: location.column) {
                failures.append("\(what) lies outside its file (\(text.lineCount) lines): \(location)")
            }
        }

        for diagnostic in outcome.diagnostics {
            if diagnostic.message.isEmpty { failures.append("empty diagnostic message: \(diagnostic)") }
            // As printed: the loader keeps what it found, and the sinks escape it (`PrintableText`).
            let printed = diagnostic.printable.description
            if printed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
                failures.append("diagnostic is not one line of plain text as printed: \(printed.debugDescription)")
            }
            if let location = diagnostic.location {
                checkLocation(location, "diagnostic '\(diagnostic.message)'")
            } else if let path = diagnostic.path, texts[path] == nil {
                failures.append("diagnostic names a file that was not loaded: \(diagnostic)")
            }
        }
        if outcome.diagnostics.sortedByLocation() != outcome.diagnostics {
            failures.append("diagnostics are not ordered by location")
        }
        // CONTRACT §2: non-UTF-8 input is a diagnostic.
        for source in sources where !TextGeometry.isUTF8(source.bytes) && !outcome.diagnostics.hasErrors {
            failures.append("\(source.path) is not UTF-8 and loaded without an error")
        }
        for role in outcome.desired.roles {
            if role.id == nil && role.name == nil { failures.append("a desired role has neither id nor name") }
            checkLocation(role.location, "role \(role.displayName)")
            if Set(role.resources.map(\.id)).count != role.resources.count {
                failures.append("role \(role.displayName) holds a resource twice")
            }
            for resource in role.resources { checkLocation(resource.location, "resource \(resource.id)") }
        }
        if outcome.desired.fileCount != sources.count {
            failures.append("fileCount \(outcome.desired.fileCount) for \(sources.count) files")
        }
        if !outcome.diagnostics.hasErrors && outcome.desired.documentCount == 0 {
            failures.append("no document and no error")
        }
        return failures
    }

    /// Prints what failed and traps, so libFuzzer saves the input as a crash.
    static func report(_ failures: [String], outcome: PolicyLoader.Outcome) -> Never {
        var lines = ["INVARIANT FAILED:"] + failures.map { "  - " + $0 }
        lines.append("diagnostics:")
        lines += outcome.diagnostics.map { "  " + $0.description }
        fatalError(lines.joined(separator: "\n"))
    }
}
