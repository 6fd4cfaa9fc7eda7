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
    @OptionGroup var comment: CommentOptions

    @Option(help: ArgumentHelp("Also save the plan as JSON, for 'show' and 'apply --plan'.", valueName: "file"),
            completion: .file())
    var out: String?

    @Flag(help: "Exit 2 when the live state differs from the policy.")
    var detailedExitcode = false

    @Flag(help: "Plan assignments for the bindings the policy declares that are not live.")
    var assignMissing = false

    @Option(help: ArgumentHelp("A second policy (say, a checkout of the main branch): tell this policy's changes apart from drift already there.",
                               valueName: "path"),
            completion: .policyPaths)
    var base: [String] = []

    func run() async throws {
        let request = PlanRequest(paths: policy.paths, basePaths: base, options: PlanOptions(assignMissing: assignMissing))
        let access = try api.access(liveStatePath: liveState.path)
        let outcome = try await SignalTrap.interruptible { try await Planner().plan(request, access: access) }
        defer { KeptUntilExit.keep(outcome) }
        try Output(options: output, context: comment.context(fullPlanFile: out)).publish(outcome, savedTo: out)
        if detailedExitcode && outcome.plan.hasDrift { throw ExitCode(2) }
    }
}
