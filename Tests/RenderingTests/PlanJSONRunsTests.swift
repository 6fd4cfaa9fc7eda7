import Foundation
import PolicyModel
@testable import Rendering
import Testing

/// A JSON plan's large arrays are encoded and written on all cores, runs of elements each: the
/// bytes must be those of the one-thread encoding, whatever the runs.
@Suite("JSON plan encoded and written in runs")
struct PlanJSONRunsTests {
    static func serial(_ plan: Plan) throws -> [UInt8] {
        try JSONValueEncoder(parallelFrom: .max).encode(plan).serializedBytes(parallelFrom: .max)
    }

    /// Where two renderings first differ, if they do (megabytes are not worth printing whole).
    static func firstDifference(_ bytes: [UInt8], _ expected: [UInt8]) -> String? {
        guard bytes != expected else { return nil }
        let offset = (0..<min(bytes.count, expected.count)).first { bytes[$0] != expected[$0] } ?? min(bytes.count, expected.count)
        func around(_ text: [UInt8]) -> String { String(decoding: text[max(0, offset - 40)..<min(text.count, offset + 40)], as: UTF8.self) }
        return "first difference at byte \(offset) of \(bytes.count) (expected \(expected.count)): \(around(bytes)) | expected: \(around(expected))"
    }

    @Test("1,500 roles and changes (past the default threshold): the same bytes as on one thread, every time")
    func defaultRuns() throws {
        let plan = PlanTextPiecesTests.plan(names: (0..<1500).map { String(format: "role_%04d <a|b>", $0) })
        let expected = try Self.serial(plan)
        for _ in 0..<3 { #expect(Self.firstDifference(PlanJSON.value(of: plan).serializedBytes(), expected) == nil) }
        // The runs cut the arrays: both the roles and the changes are there, in order.
        let text = String(decoding: expected, as: UTF8.self)
        #expect(text.components(separatedBy: "\"roleName\": \"role_1499 <a|b>\"").count == 2)
        #expect(text.range(of: "role_0000 <a|b>")!.lowerBound < text.range(of: "role_0001 <a|b>")!.lowerBound)
    }

    @Test("any threshold the arrays reach (700 elements each): the same bytes", arguments: [2, 3, 7, 699, 700])
    func smallRuns(from threshold: Int) throws {
        let plan = PlanTextPiecesTests.plan(names: (0..<700).map { String(format: "role-%04d", $0) })
        let encoded = try JSONValueEncoder(parallelFrom: threshold).encode(plan)
        let expected = try Self.serial(plan)
        #expect(Self.firstDifference(encoded.serializedBytes(parallelFrom: threshold), expected) == nil)
        #expect(Self.firstDifference(encoded.serializedBytes(parallelFrom: .max), expected) == nil)
    }
}
