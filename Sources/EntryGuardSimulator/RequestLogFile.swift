import Foundation

/// The `--request-log` file: one JSON line appended per request, written as the request completes.
final class RequestLogFile {
    private let handle: FileHandle

    /// Opens `path` for appending, creating it when missing.
    init(path: String) throws(SimulatorError) {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw SimulatorError("cannot create request log \(path)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw SimulatorError("cannot open request log \(path) for writing")
        }
        self.handle = handle
    }

    deinit {
        try? handle.close()
    }

    /// Appends one entry as a line; a failed write is dropped rather than failing the request.
    func append(_ entry: RequestLogEntry) {
        let line = Data((entry.jsonValue.text() + "\n").utf8)
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: line)
    }
}
