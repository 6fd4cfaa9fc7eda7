import PolicyModel

/// `drift --metrics-file` (README, "drift"): Prometheus text exposition format, for node_exporter's
/// textfile collector or any scraper of files. A few gauges do not warrant a metrics library and its
/// registry, which is made for long-running processes.
public enum DriftMetrics {
    /// Which binary ran: the labels of `egpolicy_build_info`.
    public struct Build: Sendable, Equatable {
        public var version: String
        public var commit: String

        public init(version: String, commit: String) {
            self.version = version
            self.commit = commit
        }
    }

    /// The metrics of a finished check, or of a failed one (`plan == nil`: success 0, no drift figures).
    /// `duration` is the run's wall-clock time in seconds, written to the millisecond.
    public static func render(_ plan: Plan?, timestamp: Int, build: Build, duration: Double) -> String {
        var text = ""
        func samples(_ name: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
            for sample in samples { text += "\(name)\(sample.labels) \(sample.value)\n" }
        }
        func gauge(_ name: String, _ help: String, _ values: [(labels: String, value: Int)]) {
            samples(name, help, values.map { ($0.labels, String($0.value)) })
        }
        gauge("egpolicy_build_info", "The egpolicy binary that wrote these metrics; always 1.",
              [("{version=\"\(label(build.version))\",commit=\"\(label(build.commit))\"}", 1)])
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
        samples("egpolicy_run_duration_seconds", "How long the last drift check took, reading the policy and the live state included.",
              [("", seconds(duration))])
        return text
    }

    /// A label value as the exposition format quotes it: backslash, double quote and line feed escaped.
    static func label(_ value: String) -> String {
        var output = ""
        for character in value {
            switch character {
            case "\\": output += "\\\\"
            case "\"": output += "\\\""
            case "\n": output += "\\n"
            default: output.append(character)
            }
        }
        return output
    }

    /// `1.234`: seconds to the millisecond, never negative, never in exponent form.
    static func seconds(_ value: Double) -> String {
        let milliseconds = value.isFinite ? max(0, Int((value * 1000).rounded())) : 0
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
