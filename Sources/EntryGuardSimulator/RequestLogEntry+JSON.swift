extension RequestLogEntry {
    /// The entry as one line of the request log file, keys in declaration order; `auth` only when set.
    var jsonValue: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("time", .string(time)),
            ("method", .string(method)),
            ("path", .string(path)),
            ("status", .integer(status)),
            ("durationMs", .number(durationMs)),
            ("inFlight", .integer(inFlight)),
            ("credential", .string(credential)),
            ("startMs", .number(startMs)),
            ("endMs", .number(endMs)),
        ]
        if let auth { members.append(("auth", auth.jsonValue)) }
        return .object(members)
    }
}

extension AuthNote {
    /// The note's set fields, in declaration order.
    var jsonValue: JSONValue {
        let members: [(key: String, value: JSONValue?)] = [
            ("userId", userId.map(JSONValue.string)),
            ("outcome", outcome.map(JSONValue.string)),
            ("accessToken", accessToken.map(JSONValue.string)),
            ("accessTokenSerial", accessTokenSerial.map(JSONValue.integer)),
            ("accessTokenRemainingMs", accessTokenRemainingMs.map(JSONValue.number)),
            ("refreshFamily", refreshFamily.map(JSONValue.integer)),
            ("refreshGeneration", refreshGeneration.map(JSONValue.integer)),
            ("refreshToken", refreshToken.map(JSONValue.string)),
            ("issuedAccessTokenSerial", issuedAccessTokenSerial.map(JSONValue.integer)),
            ("issuedRefreshFamily", issuedRefreshFamily.map(JSONValue.integer)),
            ("issuedRefreshGeneration", issuedRefreshGeneration.map(JSONValue.integer)),
        ]
        return .object(members.compactMap { member in member.value.map { (key: member.key, value: $0) } })
    }
}
