import Foundation

/// The `--request-log` file: one JSON line appended per request, written as the request completes.
/// Opened with `O_APPEND` and written with one `write(2)` a line: every request of a run comes
/// through here, and Foundation's `FileHandle` (a seek and a write, through `Data`) cost more than
/// the line's encoding.
final class RequestLogFile {
    private let descriptor: Int32

    /// Opens `path` for appending, creating it when missing.
    init(path: String) throws(SimulatorError) {
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SimulatorError("cannot open request log \(path) for writing: \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        close(descriptor)
    }

    /// Appends one entry as a line; a failed write is dropped rather than failing the request.
    func append(_ entry: RequestLogEntry) {
        var line = entry.jsonValue.text()
        line += "\n"
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
