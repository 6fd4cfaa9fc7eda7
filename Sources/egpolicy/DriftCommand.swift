import ArgumentParser
import Foundation
import PolicyModel
import Reconciler
import Rendering

struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Check whether the live roles still match the policy (for cron jobs).",
        discussion: "Exit codes: 0 in sync, 2 drift (0 with --exit-zero-on-drift), 1 error. --metrics-file is written in every case.")

    @OptionGroup var policy: PolicyPathOptions
    @OptionGroup var liveState: LiveStateOption
    @OptionGroup var api: APIOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var comment: CommentOptions

    @Option(name: .customLong("metrics-file"),
            help: ArgumentHelp("Write Prometheus metrics here (atomically), also when the check fails.", valueName: "file"),
            completion: .file())
    var metricsFile: String?

    @Flag(name: .customLong("exit-zero-on-drift"),
          help: "Exit 0 when drift is found (errors still exit 1): for jobs whose purpose is the metrics file.")
    var exitZeroOnDrift = false

    func run() async throws {
        let started = ContinuousClock.now
        let outcome: PlanOutcome
        do {
            let (request, access) = (PlanRequest(paths: policy.paths), try api.access(liveStatePath: liveState.path))
            outcome = try await SignalTrap.interruptible { try await Planner().plan(request, access: access) }
        } catch {
            try Output.writeMetrics(nil, to: metricsFile, since: started)
            throw error
        }
        defer { KeptUntilExit.keep(outcome) }
        try Output.writeMetrics(outcome.plan, to: metricsFile, since: started)
        try Output(options: output, context: comment.context(fullPlanFile: nil)).publish(outcome)
        if outcome.plan.hasDrift && !exitZeroOnDrift { throw ExitCode(2) }
    }
}
