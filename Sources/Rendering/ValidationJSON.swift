import PolicyModel

/// `validate --format json` (README, "validate"): the diagnostics as data, for editors, bots and CI
/// steps that annotate files themselves. Ordered by file, line and column (ones without a line
/// first), so the same policy gives the same bytes.
public enum ValidationJSON {
    public static let formatVersion = 1

    /// `{"formatVersion", "valid", "summary": {errors, warnings, files, roles}, "diagnostics": [...]}`;
    /// `files` and `roles` count what was read, also when there are errors.
    public static func render(_ diagnostics: [Diagnostic], files: Int, roles: Int) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let entries: [JSONValue] = diagnostics.sortedByLocation().map { diagnostic in
            .object([
                ("severity", .string(diagnostic.severity.rawValue)),
                ("file", diagnostic.path.map(JSONValue.string) ?? .null),
                ("line", diagnostic.location.map { .int($0.line) } ?? .null),
                ("column", diagnostic.location.map { .int($0.column) } ?? .null),
                ("message", .string(diagnostic.message)),
            ])
        }
        return JSONValue.object([
            ("formatVersion", .int(formatVersion)),
            ("valid", .bool(errors == 0)),
            ("summary", .object([
                ("errors", .int(errors)),
                ("warnings", .int(diagnostics.count - errors)),
                ("files", .int(files)),
                ("roles", .int(roles)),
            ])),
            ("diagnostics", .array(entries)),
        ]).serialized()
    }
}
