import ArgumentParser
import Foundation
import PolicyModel
import Reconciler
import Rendering

struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Check whether the live roles still match the policy (for cron jobs).",
        discussion: "Exit codes: 0 in sync, 2 drift, 1 error. --metrics-file is written in every case.")

    @OptionGroup var policy: PolicyPathOptions
    @OptionGroup var liveState: LiveStateOption
    @OptionGroup var api: APIOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("metrics-file"),
            help: ArgumentHelp("Write Prometheus metrics here (atomically), also when the check fails.", valueName: "file"))
    var metricsFile: String?

    func run() async throws {
        let outcome: PlanOutcome
        do {
            let (request, access) = (PlanRequest(paths: policy.paths), try api.access(liveStatePath: liveState.path))
            outcome = try await SignalTrap.interruptible { try await Planner().plan(request, access: access) }
        } catch {
            try Output.writeMetrics(nil, to: metricsFile)
            throw error
        }
        try Output.writeMetrics(outcome.plan, to: metricsFile)
        try Output(options: output).publish(outcome)
        if outcome.plan.hasDrift { throw ExitCode(2) }
    }
}
