import Dispatch
import Foundation
import PolicyModel
import Parallel

/// The plan as a person reads it in a terminal or a CI log, in the manner of `terraform plan`.
public enum PlanText {
    public static func render(_ plan: Plan, style: TextStyle = .plain) -> String {
        var text = ""
        write(plan, style: style) { text += $0 }
        return text
    }

    /// Roles rendered per piece: a piece is tens of kilobytes, written before the next is made.
    static let rolesPerPiece = 256

    /// The plan in pieces, in order, to `sink` (stdout): a plan of heavy drift is megabytes of text,
    /// and one string of it would be held whole (and copied as it grows) before a byte is written.
    /// The drifting roles' pieces are rendered on all cores, a round of pieces at a time, and handed
    /// to `sink` in order, so the bytes do not depend on scheduling.
    public static func write(_ plan: Plan, style: TextStyle = .plain, to sink: (String) -> Void) {
        let summary = plan.summary
        // Indices, not copies of the roles: a plan of heavy drift has 10,000 of them.
        let drifting = plan.roles.indices.filter { !plan.roles[$0].isInSync }
        if !drifting.isEmpty {
            let changed = summary.rolesManaged - summary.rolesInSync
            sink("\(changed) of \(summary.rolesManaged) managed \(plural(summary.rolesManaged, "role")) \(changed == 1 ? "differs" : "differ") from the policy:\n")
            let context = ChangeIndex(plan)
            let pieces = stride(from: 0, to: drifting.count, by: rolesPerPiece).map { $0..<min($0 + rolesPerPiece, drifting.count) }
            let round = max(1, ProcessInfo.processInfo.activeProcessorCount) * 2
            for first in stride(from: 0, to: pieces.count, by: round) {
                let batch = Array(pieces[first..<min(first + round, pieces.count)])
                let rendered = Locked([String](repeating: "", count: batch.count))
                DispatchQueue.concurrentPerform(iterations: batch.count) { index in
                    var text = ""
                    text.reserveCapacity(batch[index].count * 400)
                    appendRoles(drifting[batch[index]], of: plan, context: context, style: style, to: &text)
                    rendered.withLock { $0[index] = text }
                }
                rendered.withLock { $0.forEach(sink) }
            }
            sink("\n")
        }
        var lines: [String] = []
        if let base = plan.base {
            lines += BaseComparisonText.textLines(base, plan: plan)
            lines.append("")
        }
        if let outliving = plan.sessionsOutlivingPolicy, !outliving.isEmpty {
            lines += outlivingLines(outliving, plan: plan, style: style)
            lines.append("")
        }
        lines.append(contentsOf: footer(summary, style: style))
        sink(lines.map { $0 + "\n" }.joined())
    }

    /// Each drifting role: a blank line, its heading, and a line per binding, each line ended.
    private static func appendRoles(_ roles: ArraySlice<Int>, of plan: Plan, context: ChangeIndex, style: TextStyle,
                                    to text: inout String) {
        for index in roles {
            let role = plan.roles[index]
            text += "\n"
            text += style.yellow("~")
            text += " role "
            text += style.bold("\"\(PrintableText.escaped(role.name))\"")
            text += " ("
            text += role.id.rawValue
            text += ")  "
            text += style.dim(PrintableText.escaped(role.source.description))
            text += "\n"
            let entries = role.unassign.map { ($0, ChangeKind.unassign) }
                + role.missing.map { ($0, context.assigning.contains(role.id) ? ChangeKind.assign : ChangeKind.missing) }
            for (resource, kind) in entries.sorted(by: { $0.0 < $1.0 }) {
                text += "    "
                text += kind.marker(style)
                text += " "
                text += kind.label
                text += "  "
                // The id's text once, for the line and for the name's lookup.
                let resourceText = resource.rawValue
                text += resourceText
                if let name = plan.resourceNames[resourceText] {
                    text += "  "
                    text += PrintableText.escaped(name)
                }
                text += "\n"
                guard kind == .unassign else { continue }
                guard let change = context.unassignment(of: resource, from: role.id).map({ plan.changes[$0] }) else { continue }
                if let access = change.effectiveAccess {
                    text += "        "
                    text += style.dim(EffectiveAccessText.describe(access, sessions: change.activeSessions, in: plan))
                    text += "\n"
                }
                for session in change.activeSessions ?? [] {
                    text += "        "
                    text += style.yellow("!")
                    text += " "
                    text += PeopleText.describe(session, in: plan)
                    text += "\n"
                }
            }
        }
    }

    /// The sessions that hold access the policy does not grant, until they expire or are stopped.
    static func outlivingLines(_ sessions: [OutlivingSession], plan: Plan, style: TextStyle) -> [String] {
        var lines = ["\(sessions.count) active \(plural(sessions.count, "session")) of managed roles' users "
                     + "\(sessions.count == 1 ? "holds" : "hold") access the policy does not grant:"]
        for session in sessions {
            lines.append("    " + style.yellow("!") + " session \(session.id) of "
                         + PrintableText.escaped(session.email ?? plan.email(ofUser: session.userId) ?? session.userId)
                         + " until \(PrintableText.escaped(session.expiresAt)): " + PeopleText.resources(session.resourceIds, in: plan))
        }
        return lines
    }

    private static func footer(_ summary: PlanSummary, style: TextStyle) -> [String] {
        let unmanaged = "\(summary.rolesUnmanaged) unmanaged \(plural(summary.rolesUnmanaged, "role")) not touched"
        guard summary.unassign > 0 || summary.missing > 0 else {
            return [style.green("No changes.") + " All \(summary.rolesManaged) managed \(plural(summary.rolesManaged, "role")) match the policy; \(unmanaged)."]
        }
        let counts = "\(style.bold("Plan:")) \(summary.unassign) to unassign, \(summary.assign) to assign, \(summary.missing) missing."
        var lines = [counts + " \(summary.rolesInSync) of \(summary.rolesManaged) managed \(plural(summary.rolesManaged, "role")) in sync; \(unmanaged)."]
        if summary.missing > 0 && summary.assign == 0 {
            lines.append("Missing bindings are reported, not assigned; --assign-missing assigns them.")
        }
        return lines
    }

    private enum ChangeKind {
        case unassign, assign, missing

        var label: String {
            switch self {
            case .unassign: return "unassign"
            case .assign: return "assign  "
            case .missing: return "missing "
            }
        }

        func marker(_ style: TextStyle) -> String {
            switch self {
            case .unassign: return style.red("-")
            case .assign: return style.green("+")
            case .missing: return style.yellow("!")
            }
        }
    }
}

func plural(_ count: Int, _ word: String) -> String {
    count == 1 ? word : word + "s"
}

/// Effective access in words, shared by the text and Markdown renderers.
enum EffectiveAccessText {
    /// `2 users lose access (a, b), 1 keeps it through another role; 1 active session holds it open`
    /// (or, when the sessions are not known, `active sessions may last up to 8 h`).
    static func describe(_ access: EffectiveAccess, sessions: [ActiveSession]?, in plan: Plan) -> String {
        let losing = access.usersLosingAccess
        let keeping = access.usersKeepingAccess
        var text: String
        if losing.isEmpty && keeping.isEmpty {
            text = "no user holds this role"
        } else {
            text = "\(losing.count) \(plural(losing.count, "user")) \(losing.count == 1 ? "loses" : "lose") access"
            if !losing.isEmpty { text += " (\(PeopleText.sample(losing, in: plan)))" }
            if !keeping.isEmpty {
                text += ", \(keeping.count) \(keeping.count == 1 ? "keeps" : "keep") it through another role"
            }
        }
        if let sessions, !losing.isEmpty {
            text += sessions.isEmpty ? "; no active session holds it open"
                : "; \(sessions.count) active \(plural(sessions.count, "session")) \(sessions.count == 1 ? "holds" : "hold") it open"
        } else if let hours = access.activeSessionsMayLastHours, !losing.isEmpty {
            text += "; active sessions may last up to \(hours) h"
        }
        return text
    }
}

/// Where each unassignment is in a plan's changes, and which roles have assignments: what the text
/// and Markdown renderers look up for each binding they show. Built in one pass over the changes,
/// none of them copied.
struct ChangeIndex: Sendable {
    private var unassignments: [Key: Int] = [:]
    private(set) var assigning: Set<RoleID> = []

    private struct Key: Hashable, Sendable {
        var role: RoleID
        var resource: ResourceID
    }

    init(_ plan: Plan) {
        unassignments.reserveCapacity(plan.changes.count)
        for index in plan.changes.indices {
            let role = plan.changes[index].roleId
            switch plan.changes[index].action {
            case .unassign: unassignments[Key(role: role, resource: plan.changes[index].resourceId)] = index
            case .assign: assigning.insert(role)
            }
        }
    }

    /// The index in `plan.changes` of the unassignment of `resource` from `role`, if the plan has one.
    func unassignment(of resource: ResourceID, from role: RoleID) -> Int? {
        unassignments[Key(role: role, resource: resource)]
    }
}
