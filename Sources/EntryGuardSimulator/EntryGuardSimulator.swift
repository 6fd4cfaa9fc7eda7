import Hummingbird
import Logging
import NIOCore
import UnixSignals

/// Starts the EntryGuard API simulator, in a test or as the `entryguard-sim` executable.
public enum EntryGuardSimulator {
    /// Starts the server, runs `body` once it listens, then stops it by cancelling the server's child task.
    public static func withRunning<T: Sendable>(
        _ configuration: SimulatorConfiguration,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (SimulatorHandle) async throws -> T
    ) async throws -> T {
        let state = try SimulatorState(configuration)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        // Stopping by cancellation makes Hummingbird log a CancellationError at error level; keep tests quiet.
        let application = makeApplication(configuration, state: state, logLevel: .critical) { port in
            portContinuation.yield(port)
            portContinuation.finish()
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { portContinuation.finish() }
                try await application.run()
            }
            var portIterator = ports.makeAsyncIterator()
            guard let port = await portIterator.next() else {
                // The server stopped before it listened: report its error.
                try await group.next()
                throw SimulatorError(
                    "the simulator stopped before it was listening on \(configuration.host):\(configuration.port)")
            }
            defer { group.cancelAll() }
            return try await body(SimulatorHandle(host: configuration.host, port: port, state: state))
        }
    }

    /// Serves until SIGINT/SIGTERM, calling `onListening(host, port)` once bound; returns the final roles.
    public static func run(
        _ configuration: SimulatorConfiguration,
        onListening: @escaping @Sendable (String, Int) -> Void
    ) async throws -> [SimRole] {
        let state = try SimulatorState(configuration)
        let application = makeApplication(configuration, state: state, logLevel: .warning) { port in
            onListening(configuration.host, port)
        }
        try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        return await state.roles()
    }

    private static func makeApplication(
        _ configuration: SimulatorConfiguration,
        state: SimulatorState,
        logLevel: Logger.Level,
        onPort: @escaping @Sendable (Int) -> Void
    ) -> some ApplicationProtocol {
        // Hummingbird logs to stdout by default; the executable's stdout carries only its "listening on" line.
        var logger = Logger(label: "entryguard-sim") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = logLevel
        return Application(
            responder: SimulatorResponder(configuration: configuration, state: state),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in
                onPort(channel.localAddress?.port ?? configuration.port)
            },
            logger: logger
        )
    }
}
