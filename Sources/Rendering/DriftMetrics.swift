import PolicyModel

/// `drift --metrics-file` (README, "drift"): Prometheus text exposition format, for node_exporter's
/// textfile collector or any scraper of files. Six gauges do not warrant a metrics library and its
/// registry, which is made for long-running processes.
public enum DriftMetrics {
    /// The metrics of a finished check, or of a failed one (`plan == nil`: success 0, no drift figures).
    public static func render(_ plan: Plan?, timestamp: Int) -> String {
        var text = ""
        func gauge(_ name: String, _ help: String, _ samples: [(labels: String, value: Int)]) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
            for sample in samples { text += "\(name)\(sample.labels) \(sample.value)\n" }
        }
        if let plan {
            gauge("egpolicy_drift_bindings", "Bindings of managed roles that differ from the policy, by direction.", [
                ("{direction=\"unassign\"}", plan.summary.unassign), ("{direction=\"missing\"}", plan.summary.missing),
            ])
            gauge("egpolicy_drift_roles", "Managed roles whose live bindings differ from the policy.",
                  [("", plan.summary.rolesManaged - plan.summary.rolesInSync)])
            gauge("egpolicy_roles_managed", "Roles the policy declares.", [("", plan.summary.rolesManaged)])
            if let outliving = plan.sessionsOutlivingPolicy {
                gauge("egpolicy_sessions_outliving_policy",
                      "Active sessions of managed roles' users that hold open a resource the policy does not grant them.",
                      [("", outliving.count)])
            }
        }
        gauge("egpolicy_last_run_success", "1 when the last drift check completed, 0 when it failed.", [("", plan == nil ? 0 : 1)])
        gauge("egpolicy_last_run_timestamp_seconds", "When the last drift check ran, in seconds since the Unix epoch.", [("", timestamp)])
        return text
    }
}
