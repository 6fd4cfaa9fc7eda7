// The strict reader against Foundation's JSONDecoder on a `GET /roles` answer of about 8 MB
// (11,000 roles of 10 resources and 3 users). Built and run by `scripts/bench-json`, outside the
// package so that it needs no release build of the client's dependencies. `BenchRole` reads the
// keys a plan uses, as the wire types of Sources/EntryGuardAPI/WireTypes+JSON.swift read theirs.
import Foundation

struct BenchRole: Codable {
    var id: String
    var name: String
    var maxSessionDurationHours: Int?
    var resourceIds: [String]
    var userIds: [String]?
}

extension BenchRole: JSONReadable {
    init(json reader: inout JSONReader) throws(JSONError) {
        let start = reader.offset
        var id: String?
        var name: String?
        var hours: Int??
        var resourceIds: [String]?
        var userIds: [String]??
        try reader.readObject { (reader: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key == "id" {
                try reader.checkFirst(key, seen: id != nil)
                id = try reader.readString()
            } else if key == "name" {
                try reader.checkFirst(key, seen: name != nil)
                name = try reader.readString()
            } else if key == "resourceIds" {
                try reader.checkFirst(key, seen: resourceIds != nil)
                resourceIds = try [String](json: &reader)
            } else if key == "userIds" {
                try reader.checkFirst(key, seen: userIds != nil)
                userIds = .some(try [String]?(json: &reader))
            } else if key == "maxSessionDurationHours" {
                try reader.checkFirst(key, seen: hours != nil)
                hours = .some(try Int?(json: &reader))
            } else {
                try reader.skipValue()
            }
        }
        guard let id else { throw reader.missingKey("id", objectAt: start) }
        guard let name else { throw reader.missingKey("name", objectAt: start) }
        guard let resourceIds else { throw reader.missingKey("resourceIds", objectAt: start) }
        self.init(id: id, name: name, maxSessionDurationHours: hours ?? nil, resourceIds: resourceIds, userIds: userIds ?? nil)
    }
}

func uuid(_ kind: Int, _ number: Int) -> String {
    let hex = String(number, radix: 16)
    return "\(kind)50e8400-e29b-41d4-a716-" + String(repeating: "0", count: 12 - hex.count) + hex
}

func document(roles: Int) -> [UInt8] {
    var text = "["
    for index in 0..<roles {
        if index > 0 { text += "," }
        let resources = (0..<10).map { "\"\(uuid(6, index * 10 + $0))\"" }.joined(separator: ",")
        let users = (0..<3).map { "\"\(uuid(7, (index * 3 + $0) % 5000))\"" }.joined(separator: ",")
        text += "{\"id\":\"\(uuid(5, index))\",\"name\":\"Team \(index) \\u00e9quipe\",\"description\":\"Role number \(index) of the benchmark\","
            + "\"maxSessionDurationHours\":8,\"resourceIds\":[\(resources)],\"userIds\":[\(users)],"
            + "\"createdAt\":\"2025-01-15T10:30:00Z\",\"updatedAt\":\"2025-06-01T08:00:00Z\"}"
    }
    return Array((text + "]").utf8)
}

func median(_ runs: Int, _ body: () throws -> Int) rethrows -> (seconds: Double, check: Int) {
    var times: [Double] = []
    var check = 0
    for _ in 0..<runs {
        let start = ContinuousClock.now
        check = try body()
        let elapsed = ContinuousClock.now - start
        times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    return (times.sorted()[runs / 2], check)
}

func line(_ name: String, _ seconds: Double) -> String {
    name.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "%8.1f ms  %6.1f MB/s", seconds * 1000, Double(bytes.count) / seconds / 1e6)
}
let bytes = document(roles: 11_000)
let data = Data(bytes)
let runs = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 9
print("document: \(bytes.count) bytes, 11000 roles; median of \(runs) runs")
// `PROFILE=strict` runs only the strict reader, many times (for a profiler).
if ProcessInfo.processInfo.environment["PROFILE"] == "strict" {
    let profiled = try median(runs * 5) { try JSONReader.decode([BenchRole].self, from: bytes).count }
    print(line("StrictJSON decode", profiled.seconds))
    exit(0)
}
let foundation = try median(runs) { try JSONDecoder().decode([BenchRole].self, from: data).count }
let strict = try median(runs) { try JSONReader.decode([BenchRole].self, from: bytes).count }
let validate = try median(runs) {
    try bytes.withUnsafeBytes { buffer in try Result { () throws(JSONError) in try JSONReader.validate(buffer) }.get() }
    return 0
}
precondition(foundation.check == strict.check)
print(line("Foundation JSONDecoder", foundation.seconds))
print(line("StrictJSON decode", strict.seconds))
print(line("StrictJSON validate only", validate.seconds))
print(String(format: "JSONDecoder / StrictJSON: %.2fx", foundation.seconds / strict.seconds))
