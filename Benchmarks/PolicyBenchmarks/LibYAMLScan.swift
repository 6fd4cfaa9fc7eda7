import CLibYAML

/// The baseline of issue 5's targets: a bare libyaml event scan (parse until STREAM_END, nothing
/// built from the events), as `scripts/bench/yaml-scan.c` does over files.
enum LibYAMLScan {
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var problem: String
        var description: String { "\(path): \(problem)" }
    }

    /// The number of events in all sources, so the work cannot be optimized away.
    static func events(in sources: [(path: String, bytes: [UInt8])]) throws(Failure) -> Int {
        var total = 0
        for source in sources {
            total += try events(in: source.bytes, path: source.path)
        }
        return total
    }

    private static func events(in bytes: [UInt8], path: String) throws(Failure) -> Int {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw Failure(path: path, problem: "libyaml could not be initialized") }
        defer { yaml_parser_delete(&parser) }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(Failure) -> Int in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            var count = 0
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    throw Failure(path: path, problem: parser.problem.map { String(cString: $0) } ?? "parse error")
                }
                let done = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                count += 1
                if done { return count }
            }
        }
    }
}
