/// How an apply ended, once its plan was known or could not be made: the value the CLI renders
/// (text or one JSON document), writes as the report and maps to the exit status.
public enum ApplyEnding: Sendable, Hashable {
    /// `--dry-run`: the requests apply would send (`basePath`: the API URL's path, `/api/v1`), and
    /// why it would not proceed, if it would not.
    /// With `endSessions`, the stops are listed too; with `sessions` (a saved plan's sessions read
    /// again), those whose session has ended since as not sent, and the sessions it does not list.
    case dryRun(refusal: ApplyRefusal?, basePath: String, endSessions: Bool = false, sessions: SessionRecheck? = nil)
    case nothingToApply
    /// "no" (or anything but "yes") at the prompt. `endSessions`: the stops the plan lists were
    /// asked for too (they are reported skipped, as the changes are).
    case cancelled(endSessions: Bool = false)
    /// Stopped before the first change: refused, interrupted, or an error; `reason` is its first error.
    case stopped(reason: String, endSessions: Bool = false)
    case executed(ApplyReport)

    /// The `--report` of this ending; `nil` for a dry run, which writes none. Every change of a plan
    /// that was not started is `skipped`, with the reason, and so is every stop it lists when
    /// `--end-sessions` was asked for.
    public func report(of plan: Plan?) -> ApplyReport? {
        switch self {
        case .dryRun: nil
        case .nothingToApply: ApplyReport(results: [])
        case .cancelled(let endSessions): ApplyReport.untouched(plan, because: "cancelled at the prompt", endSessions: endSessions)
        case .stopped(let reason, let endSessions): ApplyReport.untouched(plan, because: reason, endSessions: endSessions)
        case .executed(let report): report
        }
    }

    /// 0 when apply would proceed (dry run), had nothing to do, or every change ended applied or
    /// already-*; 1 otherwise.
    public var exitStatus: Int32 {
        switch self {
        case .dryRun(let refusal, _, _, _): refusal == nil ? 0 : 1
        case .nothingToApply: 0
        case .cancelled, .stopped: 1
        case .executed(let report): report.succeeded ? 0 : 1
        }
    }
}

extension ApplyReport {
    /// The report of an apply that started nothing: every change skipped, and why; with
    /// `endSessions`, every stop the plan lists skipped too (not left out: the record must show
    /// that the sessions holding the removed access were not ended).
    public static func untouched(_ plan: Plan?, because reason: String, endSessions: Bool = false) -> ApplyReport {
        let changes = plan?.changes ?? []
        let stops = endSessions ? SessionStop.planned(changes) : []
        return ApplyReport(results: changes.map { ChangeResult(change: $0, status: .skipped, attempts: 0) }, stoppedBecause: reason,
                           stops: stops.map { StopResult(stop: $0, status: .skipped, attempts: 0, error: untouchedStopError) })
    }

    /// Why a stop of an apply that started nothing was skipped.
    public static let untouchedStopError = "apply stopped before the first change"
}
