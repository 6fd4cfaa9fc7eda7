import EntryGuardAPI
import Foundation
import PolicyModel
import Rendering
import StrictJSON

/// Plans saved with `plan --out` and read back by `show` and `apply --plan`.
public enum SavedPlan {
    public static func write(_ plan: Plan, to path: String) throws(ReconcileError) {
        do {
            try Data(PlanJSON.render(plan).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ReconcileError.fileIO("cannot write the plan: \(error.localizedDescription)", path: path)
        }
    }

    /// A saved plan that can be executed as it stands: its content digest matches, and its changes
    /// and summary are exactly what its role entries imply (`PlanConsistency`). Anything else is
    /// refused, so that `show` renders and `apply --plan` executes the same, derived changes.
    public static func read(from path: String) throws(ReconcileError) -> Plan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReconcileError.fileIO("cannot read the saved plan", path: path)
        }
        // Strict RFC 8259 first (Foundation's decoder accepts trailing commas, leading zeros and raw
        // control characters); its error names the line, the column and the JSON path.
        do {
            try data.withUnsafeBytes { bytes in try JSONReader.validate(bytes) }
        } catch {
            throw ReconcileError.invalidPlan("not a saved egpolicy plan: \(error)", path: path)
        }
        let plan: Plan
        let stated: String?
        do {
            (plan, stated) = try JSONDecoder().decode(Document.self, from: data).contents
        } catch {
            throw ReconcileError.invalidPlan("not a saved egpolicy plan: \(LiveStateFile.describe(error))", path: path)
        }
        guard plan.formatVersion == Plan.currentFormatVersion else {
            throw ReconcileError.invalidPlan(
                "saved plan has formatVersion \(plan.formatVersion); this egpolicy reads \(Plan.currentFormatVersion)", path: path)
        }
        var problems = PlanConsistency.problems(plan).map { Diagnostic.error("the saved plan cannot be trusted: \($0)", path: path) }
        if stated == nil {
            problems.append(.error("the saved plan has no planDigest: it was edited, or made by an older egpolicy; make a new plan", path: path))
        } else if stated != PlanJSON.digest(of: plan) {
            problems.append(.error(
                "the saved plan was changed after it was made (its planDigest does not match its content); make a new plan", path: path))
        }
        guard problems.isEmpty else { throw .invalidPlan(problems) }
        return plan
    }

    /// The plan and the `planDigest` it states, from one parse of the file.
    private struct Document: Decodable {
        var contents: (Plan, String?)
        private enum Key: String, CodingKey { case planDigest }

        init(from decoder: Decoder) throws {
            contents = (try Plan(from: decoder), try decoder.container(keyedBy: Key.self).decodeIfPresent(String.self, forKey: .planDigest))
        }
    }
}
