/// How an apply ended, once its plan was known or could not be made: the value the CLI renders
/// (text or one JSON document), writes as the report and maps to the exit status.
public enum ApplyEnding: Sendable, Hashable {
    /// `--dry-run`: the requests apply would send (`basePath`: the API URL's path, `/api/v1`), and
    /// why it would not proceed, if it would not.
    /// With `endSessions`, the stops are listed too.
    case dryRun(refusal: ApplyRefusal?, basePath: String, endSessions: Bool = false)
    case nothingToApply
    /// "no" (or anything but "yes") at the prompt.
    case cancelled
    /// Stopped before the first change: refused, interrupted, or an error; `reason` is its first error.
    case stopped(reason: String)
    case executed(ApplyReport)

    /// The `--report` of this ending; `nil` for a dry run, which writes none. Every change of a plan
    /// that was not started is `skipped`, with the reason.
    public func report(of plan: Plan?) -> ApplyReport? {
        switch self {
        case .dryRun: nil
        case .nothingToApply: ApplyReport(results: [])
        case .cancelled: ApplyReport.untouched(plan, because: "cancelled at the prompt")
        case .stopped(let reason): ApplyReport.untouched(plan, because: reason)
        case .executed(let report): report
        }
    }

    /// 0 when apply would proceed (dry run), had nothing to do, or every change ended applied or
    /// already-*; 1 otherwise.
    public var exitStatus: Int32 {
        switch self {
        case .dryRun(let refusal, _, _): refusal == nil ? 0 : 1
        case .nothingToApply: 0
        case .cancelled, .stopped: 1
        case .executed(let report): report.succeeded ? 0 : 1
        }
    }
}

extension ApplyReport {
    /// The report of an apply that started nothing: every change skipped, and why.
    public static func untouched(_ plan: Plan?, because reason: String) -> ApplyReport {
        ApplyReport(results: (plan?.changes ?? []).map { ChangeResult(change: $0, status: .skipped, attempts: 0) }, stoppedBecause: reason)
    }
}
