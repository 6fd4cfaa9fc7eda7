import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// Starts the EntryGuard API simulator, in a test or as the `entryguard-sim` executable.
public enum EntryGuardSimulator {
    /// Starts the server, runs `body` once it listens, then shuts it down gracefully: it stops
    /// accepting, lets requests in flight finish, and closes. (Cancelling the server instead can
    /// crash NIO when a connection was accepted but not yet handled.)
    public static func withRunning<T: Sendable>(
        _ configuration: SimulatorConfiguration,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (SimulatorHandle) async throws -> T
    ) async throws -> T {
        let state = try SimulatorState(configuration)
        let loop = LoopExecutor()
        defer { loop.shutdown() }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = try makeApplication(configuration, state: state, loop: loop, logLevel: .critical) { port in
            portContinuation.yield(port)
            portContinuation.finish()
        }
        let quiet = Logger(label: "entryguard-sim.lifecycle", factory: { _ in SwiftLogNoOpLogHandler() })
        let services = ServiceGroup(configuration: ServiceGroupConfiguration(services: [application], logger: quiet))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask(executorPreference: loop.executor) {
                defer { portContinuation.finish() }
                try await services.run()
            }
            var portIterator = ports.makeAsyncIterator()
            guard let port = await portIterator.next() else {
                // The server stopped before it listened: report its error.
                try await group.next()
                throw SimulatorError(
                    "the simulator stopped before it was listening on \(configuration.host):\(configuration.port)")
            }
            let result: Result<T, any Error>
            do {
                result = .success(try await body(SimulatorHandle(host: configuration.host, port: port, state: state,
                                                                 usesTLS: configuration.tls != nil)))
            } catch {
                result = .failure(error)
            }
            state.stopping.set()
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return try result.get()
        }
    }

    /// Serves until SIGINT/SIGTERM, calling `onListening(host, port)` once bound; returns the final roles.
    public static func run(
        _ configuration: SimulatorConfiguration,
        onListening: @escaping @Sendable (String, Int) -> Void
    ) async throws -> [SimRole] {
        let state = try SimulatorState(configuration)
        // Encoded before listening, so the first `GET /roles` answers in the configured latency, not
        // after the encoding (about 100 ms for 2,000 roles and their resources) a client benchmark would measure.
        await state.encodeLists()
        let loop = LoopExecutor()
        defer { loop.shutdown() }
        let application = try makeApplication(configuration, state: state, loop: loop, logLevel: .warning) { port in
            onListening(configuration.host, port)
        }
        var logger = Logger(label: "entryguard-sim.lifecycle") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = .warning
        // Services shut down last to first: held requests (delays, stalls) are released, then the server drains.
        let services = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [application, StopOnShutdown(flag: state.stopping)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await withTaskExecutorPreference(loop.executor) { try await services.run() }
        return await state.roles()
    }

    private static func makeApplication(
        _ configuration: SimulatorConfiguration,
        state: SimulatorState,
        loop: LoopExecutor,
        logLevel: Logger.Level,
        onPort: @escaping @Sendable (Int) -> Void
    ) throws -> some ApplicationProtocol {
        // Hummingbird logs to stdout by default; the executable's stdout carries only its "listening on" line.
        var logger = Logger(label: "entryguard-sim") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = logLevel
        return Application(
            responder: SimulatorResponder(configuration: configuration, state: state, loop: loop),
            server: try SimulatorTLS.server(configuration.tls),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in
                onPort(channel.localAddress?.port ?? configuration.port)
            },
            eventLoopGroupProvider: .shared(loop.group),
            logger: logger
        )
    }
}

/// Sets the stop flag once the service group begins to shut down, so requests held by a delay or a
/// stall end and the server can drain.
private struct StopOnShutdown: Service {
    let flag: StopFlag

    func run() async throws {
        try? await gracefulShutdown()
        flag.set()
    }
}
