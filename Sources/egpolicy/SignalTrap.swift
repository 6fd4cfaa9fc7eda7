import Dispatch
import Foundation
import Reconciler

/// While `body` runs, SIGINT and SIGTERM go to apply's `StopRequest` instead of killing the process:
/// before the first change they end the reads or the prompt at once; once changes run, nothing new
/// starts, in-flight requests finish and the report is written (CONTRACT §5).
enum SignalTrap {
    static func withTrap<Result>(_ stop: StopRequest, _ body: () async throws -> Result) async rethrows -> Result {
        let sources = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")].map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                stop.request("interrupted by \(name)")
                Console.standardError(stop.executing
                    ? "\(name): starting no new change; waiting for requests in flight, then writing the report"
                    : "\(name): stopping before the first change")
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
