import EntryGuardAPI
import PolicyModel

/// Where a plan reads the live roles from.
public protocol LiveStateSource: Sendable {
    /// The live state, and warnings about what could not be read but was not needed (resource names).
    func fetchLiveState() async throws(ReconcileError) -> LiveReading
}

/// What a live source returns.
public struct LiveReading: Sendable {
    public var state: LiveState
    public var warnings: [Diagnostic]

    public init(state: LiveState, warnings: [Diagnostic] = []) {
        self.state = state
        self.warnings = warnings
    }
}

/// A `--live-state` file: the JSON array `GET /roles` returns.
public struct LiveStateFileSource: LiveStateSource {
    public var path: String
    private var early: Task<Result<LiveReading, ReconcileError>, Never>?

    public init(path: String) {
        self.path = path
    }

    /// Starts reading the file now, beside whatever the caller does first (loading the policy): a
    /// file makes no request, so nothing is lost when the policy then turns out to be bad.
    public static func readingEarly(path: String) -> LiveStateFileSource {
        var source = LiveStateFileSource(path: path)
        source.early = Task.detached { Result { () throws(ReconcileError) in try read(path) } }
        return source
    }

    public func fetchLiveState() async throws(ReconcileError) -> LiveReading {
        if let early { return try await early.value.get() }
        return try Self.read(path)
    }

    private static func read(_ path: String) throws(ReconcileError) -> LiveReading {
        do {
            return LiveReading(state: try LiveStateFile.read(path: path))
        } catch {
            throw ReconcileError.fileIO(error.reason, path: error.path)
        }
    }
}
