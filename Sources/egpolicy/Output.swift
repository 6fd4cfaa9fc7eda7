import Foundation
import PolicyModel
import Reconciler
import Rendering

/// Everything the commands print or write, in one place: a plan by `--format`, apply's ending,
/// the files asked for (`--out`, `--report`, `--metrics-file`) and GitHub's annotations and step
/// summary. Escaping for the terminal and for annotations happens here and in `Console`, at the sink.
struct Output {
    var options: OutputOptions
    /// What the Markdown plan says about its commits, run and saved file.
    var context = MarkdownContext.fromEnvironment(Console.environment, pullRequest: Console.gitHubPullRequest())

    /// Warnings to stderr, the plan to stdout, and in GitHub Actions its annotations and summary.
    func show(_ plan: Plan, warnings: [Diagnostic]) {
        Console.report(warnings)
        if options.format == .text {
            PlanText.write(plan, style: textStyle, to: Console.standardOutput)
        } else {
            Console.standardOutput(render(plan))
        }
        Console.publish(plan, context: context)
    }

    private var textStyle: TextStyle { TextStyle(colors: Console.colorsEnabled(disabledByFlag: options.noColor)) }

    func render(_ plan: Plan) -> String {
        switch options.format {
        case .text: PlanText.render(plan, style: textStyle)
        case .json: PlanJSON.render(plan)
        case .markdown: PlanMarkdown.render(plan, context: context)
        }
    }

    /// `plan` and `drift`: the outcome shown, the plan saved when `--out` names a file.
    func publish(_ outcome: PlanOutcome, savedTo path: String? = nil) throws {
        if let path { try SavedPlan.write(outcome.plan, to: path) }
        show(outcome.plan, warnings: outcome.warnings)
    }

    /// `apply`: what it shows before deciding. With `--format json` the plan waits for the one
    /// document at the end; only its warnings are printed now.
    func review(_ plan: Plan, warnings: [Diagnostic]) {
        guard options.format == .json else { return show(plan, warnings: warnings) }
        Console.report(warnings)
        Console.publish(plan, context: context)
    }

    /// The question before a fresh plan's changes. With `--format json` stdout holds no plan yet,
    /// so the person is shown it as text on stderr first.
    func ask(_ plan: Plan) async -> Bool {
        if options.format == .json {
            FileHandle.standardError.write(Data(PlanText.render(plan, style: TextStyle(colors: false)).utf8))
        }
        let count = plan.changes.count
        return await Terminal.confirm("Apply these \(count) \(count == 1 ? "change" : "changes")? Only 'yes' is accepted: ")
    }

    /// `apply`'s end: the report file first (it is the record), then why it stopped (stderr) and
    /// what it did (stdout) — in JSON, one document with the plan and the report.
    func finish(_ outcome: ApplyOutcome, reportPath: String?) throws {
        if let reportPath, let report = outcome.report {
            try ReportFile.write(ApplyReportRendering.json(report), to: reportPath)
        }
        if let failure = outcome.failure { Console.report(failure.diagnostics) }
        Console.standardOutput(options.format == .json ? ApplyRendering.json(outcome.ending, plan: outcome.plan)
            : ApplyRendering.text(outcome.ending, plan: outcome.plan))
    }

    /// `validate --format json`: the diagnostics as one JSON document on stdout, and in GitHub Actions
    /// their annotations on stderr.
    static func showValidation(_ diagnostics: [Diagnostic], files: Int, roles: Int) {
        Console.standardOutput(ValidationJSON.render(diagnostics, files: files, roles: roles))
        Console.annotate(diagnostics)
    }

    /// `drift --metrics-file`: written atomically, also when the check failed (`plan` nil).
    static func writeMetrics(_ plan: Plan?, to path: String?, since started: ContinuousClock.Instant) throws {
        guard let path else { return }
        let elapsed = ContinuousClock.now - started
        let seconds = elapsed / .seconds(1)
        let text = DriftMetrics.render(plan, timestamp: Int(Date().timeIntervalSince1970),
                                       build: DriftMetrics.Build(version: BuildVersion.version, commit: BuildVersion.commit), duration: seconds)
        do {
            // Data.write(options: .atomic) writes a temporary file beside it and renames it.
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ReconcileError.fileIO("cannot write the metrics file \(path): \(error.localizedDescription)")
        }
    }
}
