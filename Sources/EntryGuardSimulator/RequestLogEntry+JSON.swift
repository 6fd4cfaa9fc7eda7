extension RequestLogEntry {
    /// The entry as one line of the request log file, keys in declaration order.
    var jsonValue: JSONValue {
        .object([
            ("time", .string(time)),
            ("method", .string(method)),
            ("path", .string(path)),
            ("status", .integer(status)),
            ("durationMs", .number(durationMs)),
            ("inFlight", .integer(inFlight)),
            ("credential", .string(credential)),
        ])
    }
}
