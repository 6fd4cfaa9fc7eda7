import PolicyModel
import Rendering

/// `egpolicy import`: live roles as a policy file.
public enum PolicyImporter {
    /// The policy text for the roles named by id or name in `selection` (all roles when empty).
    public static func policy(from reading: LiveReading, selecting selection: [String], source: String) throws(ReconcileError) -> String {
        let roles = reading.state.roles
        var chosen: [LiveRole] = []
        if selection.isEmpty {
            chosen = roles
        } else {
            var unknown: [Diagnostic] = []
            var seen: Set<RoleID> = []
            var suggester: Suggester?
            for specifier in selection {
                let id = RoleID(specifier)
                let matches = roles.filter { $0.id == id || ExactName.same($0.name, specifier) }
                if matches.isEmpty {
                    var message = "no live role has the id or name '\(specifier)'"
                    if suggester == nil { suggester = Suggester(candidates: roles.map(\.name).sorted()) }
                    if let near = suggester?.nearest(to: specifier) { message += "; did you mean '\(near)'?" }
                    unknown.append(.error(message))
                }
                for match in matches where seen.insert(match.id).inserted { chosen.append(match) }
            }
            guard unknown.isEmpty else { throw .configuration(unknown) }
        }
        let header = "Imported by egpolicy from \(source): \(chosen.count) \(chosen.count == 1 ? "role" : "roles").\n"
            + "Review before committing: every binding listed here will be kept, every other one removed."
        return PolicyExport.render(chosen, resourceNames: reading.state.resourceNames, header: header)
    }
}
