import PolicyModel
import Rendering

/// Picks the renderer for `--format`.
enum PlanPrinter {
    static func render(_ plan: Plan, options: OutputOptions) -> String {
        switch options.format {
        case .text:
            return PlanText.render(plan, style: TextStyle(colors: Console.colorsEnabled(disabledByFlag: options.noColor)))
        case .json:
            return PlanJSON.render(plan)
        case .markdown:
            return PlanMarkdown.render(plan)
        }
    }
}
