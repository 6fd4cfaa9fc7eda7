@testable import EntryGuardSimulator
import Foundation
import Testing

/// Reading back the timestamps the simulator writes (sessions expire by `expiresAt`).
@Suite struct TimestampParsingTests {
    @Test(arguments: [0.0, 1_771_410_600.0, 951_782_400.5, 4_107_542_399.75, -86_400.0])
    func parsesWhatItWrites(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(Timestamp.date(Timestamp.rfc3339(date, milliseconds: true)) == date)
        #expect(Timestamp.date(Timestamp.rfc3339(date)) == Date(timeIntervalSince1970: seconds.rounded(.down)))
    }

    @Test(arguments: ["", "2026-02-18", "2026-02-18T10:30:00", "2026-02-18T10:30:00+00:00", "2026-13-18T10:30:00Z",
                      "2026-02-18T10:30:00.Z", "2026-02-18 10:30:00Z", "tomorrow"])
    func refusesAnythingElse(text: String) {
        #expect(Timestamp.date(text) == nil)
    }
}
