import Parallel

/// A SIGINT or SIGTERM, as apply sees it (README, "apply").
///
/// Before the first change, a stop cancels what is running (the reads of the live roles with their
/// retries, the question at the prompt): nothing has been changed, so nothing needs to finish.
/// Once changes run, a stop only means "start nothing new": requests in flight finish and the
/// report is written.
public final class StopRequest: Sendable {
    private struct State {
        var reason: String?
        /// Cancels the phase before the first change, while one runs.
        var cancel: (@Sendable () -> Void)?
        var executing = false
    }

    private let state = Locked(State())

    public init() {}

    public func request(_ why: String) {
        let cancel = state.withLock { state -> (@Sendable () -> Void)? in
            if state.reason == nil { state.reason = why }
            return state.executing ? nil : state.cancel
        }
        cancel?()
    }

    public var requested: String? { state.withLock { $0.reason } }

    /// Whether changes have begun (then a stop lets requests in flight finish).
    public var executing: Bool { state.withLock { $0.executing } }

    /// Runs `body` so that a stop request cancels it; a body ended by one throws the stop's reason.
    public func cancellable<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let task = Task { try await body() }
        let already = state.withLock { state -> Bool in
            state.cancel = { task.cancel() }
            return state.reason != nil
        }
        if already { task.cancel() }
        defer { state.withLock { $0.cancel = nil } }
        do {
            return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        } catch {
            if let why = requested { throw ReconcileError.interrupted("\(why) before the first change: nothing was changed") }
            throw error
        }
    }

    /// Marks the start of the changes; `false` when a stop came first (then none may start).
    func beginExecution() -> Bool {
        state.withLock { state in
            state.executing = true
            return state.reason == nil
        }
    }
}
