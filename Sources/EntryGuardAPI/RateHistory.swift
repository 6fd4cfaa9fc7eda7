/// The pacer's rates before its changes of the last few seconds, each with when it changed (the
/// latest booking or answer then), oldest first: a long blackout's end sets the pace back to
/// what it was before the blackout's run-up (`PacingState`). Pure, as `PacingState` is.
struct RateHistory: Sendable, Equatable {
    /// How long rate changes are remembered: past the run-up to a blackout.
    static let span = 3.0

    private var changes: [Change] = []
    private struct Change: Sendable, Equatable {
        var at: Double
        var before: Double?
    }

    /// The rate changed at `time` from `before` (nil: unpaced).
    mutating func changed(at time: Double, from before: Double?) {
        if let first = changes.first, first.at < time - Self.span { changes.removeAll { $0.at < time - Self.span } }
        changes.append(Change(at: time, before: before))
    }

    /// The rate in force at `time`, as far as the changes remembered tell; `current` when none
    /// came after it.
    func rate(at time: Double, current: Double?) -> Double? {
        changes.first { $0.at > time }.map(\.before) ?? current
    }
}
