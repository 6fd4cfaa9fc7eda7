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
        let planned: (plan: Plan, warnings: [Diagnostic])
        do {
            let access = try api.access(liveStatePath: liveState.path)
            let planner = Planner()
            let loaded = try planner.loadPolicy(paths: policy.paths).get()
            planned = try await SignalTrap.interruptible { [access, planner, loaded] in
                try await access.withSource { source in
                    try await planner.plan(policy: loaded, live: source, apiURL: access.apiURL, options: PlanOptions()).get()
                }
            }
        } catch {
            try writeMetrics(nil)
            throw error
        }
        try writeMetrics(planned.plan)
        Console.report(planned.warnings)
        Console.standardOutput(PlanPrinter.render(planned.plan, options: output))
        Console.publish(planned.plan)
        if planned.plan.hasDrift { throw ExitCode(2) }
    }

    private func writeMetrics(_ plan: Plan?) throws {
        guard let metricsFile else { return }
        let text = DriftMetrics.render(plan, timestamp: Int(Date().timeIntervalSince1970))
        do {
            // Data.write(options: .atomic) writes a temporary file beside it and renames it.
            try Data(text.utf8).write(to: URL(fileURLWithPath: metricsFile), options: .atomic)
        } catch {
            throw CommandFailure("cannot write the metrics file \(metricsFile): \(error.localizedDescription)")
        }
    }
}
