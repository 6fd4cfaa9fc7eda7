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
    @OptionGroup var live: LiveOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("Also save the plan as JSON, for 'show' and 'apply --plan'.", valueName: "file"))
    var out: String?

    @Flag(help: "Exit 2 when the live state differs from the policy.")
    var detailedExitcode = false

    @Flag(help: "Plan assignments for the bindings the policy declares that are not live.")
    var assignMissing = false

    func run() async throws {
        let apiURL = try APIConfiguration.resolveURL(flag: live.apiURL)
        guard let path = live.liveStatePath else {
            throw CommandFailure("reading live roles from the EntryGuard API is not available in this build yet; pass --live-state FILE")
        }
        let result: Result<(plan: Plan, warnings: [Diagnostic]), PlanningFailure> = await Planner().plan(paths: policy.paths, live: LiveStateFileSource(path: path), apiURL: apiURL,
                                          options: PlanOptions(assignMissing: assignMissing))
        let plan: Plan
        switch result {
        case .failure(let failure):
            Console.report(failure.diagnostics)
            throw ExitCode.failure
        case .success(let (made, warnings)):
            Console.report(warnings)
            plan = made
        }
        if let out {
            try SavedPlan.write(plan, to: out)
        }
        Console.standardOutput(PlanPrinter.render(plan, options: output))
        if detailedExitcode && plan.hasDrift { throw ExitCode(2) }
    }
}
