import PolicyModel

/// People and their sessions in words, shared by the text, Markdown and apply renderers: users by
/// email where the plan knows it, by id otherwise.
enum PeopleText {
    /// A user's email, else the id; escaped.
    static func name(_ user: String, in plan: Plan) -> String {
        PrintableText.escaped(plan.email(ofUser: user) ?? user)
    }

    /// A session's user by email, else id; escaped.
    static func name(of session: ActiveSession, in plan: Plan) -> String {
        PrintableText.escaped(session.email ?? plan.email(ofUser: session.userId) ?? session.userId)
    }

    /// `alice@…, bob@…, carol@…, …` (at most `limit` names).
    static func sample(_ users: [String], in plan: Plan, limit: Int = 3) -> String {
        // Appended one by one: a plan of heavy drift has a sample per unassignment.
        var shown = ""
        for (index, user) in users.prefix(limit).enumerated() {
            if index > 0 { shown += ", " }
            shown += name(user, in: plan)
        }
        return users.count > limit ? shown + ", …" : shown
    }

    /// Every user who loses access through the plan's unassignments, in change order, once each.
    static func usersLosingAccess(_ plan: Plan) -> [String] {
        var seen: Set<String> = []
        return plan.changes.flatMap { $0.effectiveAccess?.usersLosingAccess ?? [] }.filter { seen.insert($0.lowercased()).inserted }
    }

    /// `session 990e… of alice@acme.example, until 2099-01-01T08:00:00Z; a stop also ends staging`.
    static func describe(_ session: ActiveSession, in plan: Plan) -> String {
        var text = "session \(session.id) of \(name(of: session, in: plan)) holds it open until \(PrintableText.escaped(session.expiresAt))"
        if !session.otherResourceIds.isEmpty {
            text += "; stopping it also ends " + resources(session.otherResourceIds, in: plan)
        }
        return text
    }

    /// Resources by name where known (`staging (660e…)`), else id.
    static func resources(_ ids: [ResourceID], in plan: Plan) -> String {
        ids.map { id in plan.resourceName(id).map { "\(PrintableText.escaped($0)) (\(id))" } ?? id.rawValue }.joined(separator: ", ")
    }
}
