import Dispatch
import Foundation
import Reconciler

/// While `body` runs, SIGINT and SIGTERM ask apply to start nothing new instead of killing the
/// process, so in-flight requests finish and the report is written (CONTRACT §5).
enum SignalTrap {
    static func withTrap<Result>(_ stop: StopRequest, _ body: () async throws -> Result) async rethrows -> Result {
        let sources = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")].map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                stop.request("interrupted by \(name)")
                Console.standardError("\(name): starting no new change; waiting for requests in flight, then writing the report")
            }
            source.resume()
            return (number, source)
        }
        defer {
            for (number, source) in sources {
                source.cancel()
                signal(number, SIG_DFL)
            }
        }
        return try await body()
    }
}
