import EntryGuardAPI
import Foundation
import PolicyModel
import Rendering

/// Plans saved with `plan --out` and read back by `show` (and `apply --plan`).
public enum SavedPlan {
    public static func write(_ plan: Plan, to path: String) throws(PlanningFailure) {
        do {
            try Data(PlanJSON.render(plan).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw PlanningFailure(.error("cannot write the plan: \(error.localizedDescription)", path: path))
        }
    }

    public static func read(from path: String) throws(PlanningFailure) -> Plan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlanningFailure(.error("cannot read the saved plan", path: path))
        }
        let plan: Plan
        do {
            plan = try JSONDecoder().decode(Plan.self, from: data)
        } catch {
            throw PlanningFailure(.error("not a saved egpolicy plan: \(LiveStateFile.describe(error))", path: path))
        }
        guard plan.formatVersion == Plan.currentFormatVersion else {
            throw PlanningFailure(.error(
                "saved plan has formatVersion \(plan.formatVersion); this egpolicy reads \(Plan.currentFormatVersion)", path: path))
        }
        return plan
    }
}
