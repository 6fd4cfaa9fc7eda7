import ArgumentParser
import Reconciler

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Render a plan saved with 'plan --out'.")

    @Argument(help: ArgumentHelp("A saved plan (JSON).", valueName: "file"), completion: .file(extensions: ["json"]))
    var file: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var comment: CommentOptions

    func run() async throws {
        let plan = try SavedPlan.read(from: file)
        Console.standardOutput(Output(options: output, context: comment.context(fullPlanFile: file)).render(plan))
    }
}
