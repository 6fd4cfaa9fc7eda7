/// The check before any change (README, "apply"): a plan that would remove a large share of access is
/// more likely a broken policy (a file left out, a bad merge) than an intended change.
public struct SafetyValve: Sendable, Hashable {
    /// Refuse more unassignments than this, when given (`--max-unassign`).
    public var maxUnassign: Int?
    /// Lift both limits (`--force`).
    public var force: Bool

    /// Above this many unassignments the share rule applies…
    public static let countThreshold = 10
    /// …and refuses more than this share of the managed roles' live bindings.
    public static let shareThreshold = 0.25

    public init(maxUnassign: Int? = nil, force: Bool = false) {
        self.maxUnassign = maxUnassign
        self.force = force
    }

    /// `nil` when apply may proceed, else the error that stops it (with the counts and the flag).
    public func check(_ plan: Plan) -> Diagnostic? {
        check(plan, liveBindings: Self.liveBindings(of: plan))
    }

    /// The managed roles' live bindings as the plan saw them (a fresh plan's own reading).
    public static func liveBindings(of plan: Plan) -> Int {
        plan.roles.reduce(0) { $0 + $1.liveResourceIds.count }
    }

    /// The same, with the managed roles' live bindings counted from the roles as re-read now
    /// (`apply --plan`): a saved plan's own counts are a file's word, not EntryGuard's.
    public func check(_ plan: Plan, liveBindings live: Int) -> Diagnostic? {
        guard !force else { return nil }
        let unassign = plan.changes.count { $0.action == .unassign }
        if let maxUnassign, unassign > maxUnassign {
            return .error("refusing to apply: \(unassign) unassignments exceed --max-unassign \(maxUnassign); review the plan, then raise the limit or pass --force")
        }
        if unassign > Self.countThreshold && Double(unassign) > Self.shareThreshold * Double(live) {
            let percent = live == 0 ? 100 : Int((Double(unassign) * 100 / Double(live)).rounded())
            return .error("refusing to apply: \(unassign) unassignments are \(percent)% of the \(live) live bindings of the managed roles "
                + "(more than \(Self.countThreshold) and more than \(Int(Self.shareThreshold * 100))%); is the policy complete? "
                + "Review the plan, then pass --force")
        }
        return nil
    }
}
