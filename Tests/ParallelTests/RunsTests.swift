import Glibc
import Parallel
import Synchronization
import Testing

@Suite("Parallel runs")
struct RunsTests {
    @Test("mapInRuns gives every index's result in index order, for any count", arguments: [0, 1, 7, 100, 10_001])
    func mapInOrder(count: Int) {
        // Strings with heap storage, so a result written to the wrong place or twice would show.
        let results = mapInRuns(count) { String(repeating: "x", count: 20) + String($0) }
        #expect(results == (0..<count).map { String(repeating: "x", count: 20) + String($0) })
    }

    @Test("inRuns covers 0..<count once, in consecutive runs, in order")
    func runsInOrder() {
        let runs = inRuns(of: 1_000) { $0 }
        #expect(runs.first?.lowerBound == 0)
        #expect(runs.last?.upperBound == 1_000)
        #expect(zip(runs, runs.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
    }

    @Test("bothAtOnce runs its second part on another thread, and both results come back")
    func bothOnTwoThreads() {
        let caller = pthread_self()
        let (first, second) = bothAtOnce({ (pthread_equal(pthread_self(), caller) != 0, mapInRuns(5_000) { $0 * 2 }) },
                                         { pthread_equal(pthread_self(), caller) != 0 ? "caller" : "other" })
        #expect(first.0)
        #expect(first.1 == (0..<5_000).map { $0 * 2 })
        #expect(second == "other")
    }
}
