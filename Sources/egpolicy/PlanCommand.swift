import ArgumentParser
import PolicyModel
import Reconciler
import Rendering

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would change: bindings to unassign, and missing ones.",
        discussion: "Exit codes: 0 success, 1 error, 2 (with --detailed-exitcode) success with drift.")

    @OptionGroup var policy: PolicyPathOptions
    @OptionGroup var liveState: LiveStateOption
    @OptionGroup var api: APIOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("Also save the plan as JSON, for 'show' and 'apply --plan'.", valueName: "file"))
    var out: String?

    @Flag(help: "Exit 2 when the live state differs from the policy.")
    var detailedExitcode = false

    @Flag(help: "Plan assignments for the bindings the policy declares that are not live.")
    var assignMissing = false

    @Option(help: ArgumentHelp("A second policy (say, a checkout of the main branch): tell this policy's changes apart from drift already there.",
                               valueName: "path"))
    var base: [String] = []

    func run() async throws {
        var access = try api.access(liveStatePath: liveState.path)
        access.readLiveStateFileEarly()
        let planner = Planner()
        // The policy is checked before credentials or connections: bad input makes no request.
        let policy = try planner.loadPolicy(paths: self.policy.paths).get()
        let basePolicy = base.isEmpty ? nil : planner.loader.load(paths: base)
        let (plan, warnings) = try await SignalTrap.interruptible { [access, planner, policy, basePolicy, assignMissing] in
            try await access.withSource { source in
                try await planner.plan(policy: policy, base: basePolicy, live: source, apiURL: access.apiURL,
                                       options: PlanOptions(assignMissing: assignMissing)).get()
            }
        }
        Console.report(warnings)
        if let out {
            try SavedPlan.write(plan, to: out)
        }
        Console.standardOutput(PlanPrinter.render(plan, options: output))
        Console.publish(plan)
        if detailedExitcode && plan.hasDrift { throw ExitCode(2) }
    }
}
