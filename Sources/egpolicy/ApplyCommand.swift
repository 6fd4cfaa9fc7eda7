import ArgumentParser
import Foundation
import PolicyModel
import Reconciler

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Remove every binding of a managed role that the policy does not declare.",
        discussion: "Plans afresh and applies, or applies a saved plan (--plan) after checking it is not stale. "
            + "Needs --auto-approve unless stdin and stderr are terminals (then it asks). "
            + "Exit 0 only when every change ended applied, already-absent or already-present.")

    @OptionGroup var policy: PolicyPathOptions
    @OptionGroup var api: APIOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("plan"), help: ArgumentHelp("Apply exactly this saved plan ('plan --out'); reads no policy.", valueName: "file"),
            completion: .file(extensions: ["json"]))
    var planPath: String?

    @Flag(help: "Apply without asking.")
    var autoApprove = false

    @Flag(help: "Read live state and check everything, print the requests apply would send, send none.")
    var dryRun = false

    @Flag(help: "Also assign the bindings the policy declares that are not live.")
    var assignMissing = false

    @Flag(help: ArgumentHelp(
        "After each unassignment succeeds, stop the active sessions that keep it open for users who lost the resource "
            + "(POST /sessions/admin/{id}/stop; a stop ends the user's whole session)."))
    var endSessions = false

    @Option(help: ArgumentHelp("Refuse to apply more than N unassignments (0 or more).", valueName: "n"))
    var maxUnassign: Int?

    @Flag(help: "Lift the safety limits (--max-unassign, and more than 10 and 25% of the live bindings).")
    var force = false

    @Option(help: ArgumentHelp("Requests in flight at most (\(ApplyOptions.concurrencyRange.lowerBound) to \(ApplyOptions.concurrencyRange.upperBound)).", valueName: "n"))
    var concurrency = 8

    @Option(help: ArgumentHelp("Write the result of every change as JSON.", valueName: "file"), completion: .file())
    var report: String?

    func validate() throws {
        guard ApplyOptions.concurrencyRange.contains(concurrency) else {
            let range = ApplyOptions.concurrencyRange
            throw ValidationError("--concurrency must be from \(range.lowerBound) to \(range.upperBound), not \(concurrency)")
        }
        if let maxUnassign, maxUnassign < 0 { throw ValidationError("--max-unassign must be 0 or more, not \(maxUnassign)") }
        if planPath != nil && !policy.paths.isEmpty {
            throw ValidationError("apply --plan executes the saved plan and reads no policy; drop the paths")
        }
        if planPath != nil && assignMissing {
            throw ValidationError("--assign-missing is decided when the plan is made: use it with 'plan --out'")
        }
    }

    func run() async throws {
        try ReportFile.checkWritable(report)
        let (access, printer, stop) = (try api.access(maxConnections: concurrency), Output(options: output), StopRequest())
        var io = ApplyIO(show: printer.review, confirm: Terminal.isInteractive ? printer.ask : nil,
                         progress: { FileHandle.standardError.write(Data($0.utf8)) }, liveProgress: isatty(STDERR_FILENO) == 1)
        io.warn = { Console.report($0) }
        let outcome = try await SignalTrap.withTrap(stop) { try await Applier(options: options, io: io, stop: stop).run(access: access) }
        try printer.finish(outcome, reportPath: report)
        if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
    }

    private var options: ApplyOptions {
        var options = ApplyOptions(paths: policy.paths, planPath: planPath, autoApprove: autoApprove, dryRun: dryRun,
                                   assignMissing: assignMissing, safety: SafetyValve(maxUnassign: maxUnassign, force: force),
                                   concurrency: concurrency)
        options.endSessions = endSessions
        return options
    }
}
