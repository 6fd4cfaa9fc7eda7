import EntryGuardSimulator
import Testing

/// The error rate draws from the seeded generator, so a seed repeats its 500s.
@Suite(.timeLimit(.minutes(10))) struct ErrorRateTests {
    private func statuses(seed: UInt64, errorRate: Double) async throws -> [Int] {
        try await withSimulator(SimulatorConfiguration(errorRate: errorRate, seed: seed)) { api throws in
            var statuses: [Int] = []
            for _ in 0..<20 {
                statuses.append(try await api.send(.GET, "/roles").status)
            }
            return statuses
        }
    }

    @Test func aSeedRepeatsTheSameStatuses() async throws {
        let first = try await statuses(seed: 42, errorRate: 0.5)
        let second = try await statuses(seed: 42, errorRate: 0.5)
        #expect(first == second)
        #expect(first.contains(500))
        #expect(first.contains(200))
        #expect(first.allSatisfy { $0 == 200 || $0 == 500 })
    }

    @Test func anotherSeedGivesAnotherSequence() async throws {
        let first = try await statuses(seed: 42, errorRate: 0.5)
        let other = try await statuses(seed: 7, errorRate: 0.5)
        #expect(first != other)
    }

    @Test func rateZeroNeverFails() async throws {
        let statuses = try await statuses(seed: 42, errorRate: 0)
        #expect(statuses == Array(repeating: 200, count: 20))
    }
}
