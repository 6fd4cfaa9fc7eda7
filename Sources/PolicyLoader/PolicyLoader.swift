import Dispatch
import Foundation
import PolicyModel
import Parallel

/// Reads policy files into the desired state, with every diagnostic of README, "Policy files".
public struct PolicyLoader: Sendable {
    /// Files larger than this are refused before parsing.
    public var maxFileSize: Int
    public var limits: YAMLLimits

    public init(maxFileSize: Int = 64 << 20, limits: YAMLLimits = YAMLLimits()) {
        self.maxFileSize = maxFileSize
        self.limits = limits
    }

    /// The result of loading: a desired state, valid only when `diagnostics` has no error.
    public struct Outcome: Sendable {
        public var desired: DesiredState
        /// Errors and warnings, ordered by file, line and column.
        public var diagnostics: [Diagnostic]
    }

    /// Finds, reads and checks the files under `paths` (`./policies` when empty).
    public func load(paths: [String]) -> Outcome {
        let searched = paths.isEmpty ? ["./policies"] : paths
        let (files, findDiagnostics) = PolicyFileFinder.find(searched)
        // Each file is read by the worker that parses it, so reading overlaps parsing.
        var parsed = parseEach(count: files.count) { index in
            guard let data = FileManager.default.contents(atPath: files[index]) else {
                return ParsedFile(diagnostics: [.error("cannot read file", path: files[index])])
            }
            return parse((files[index], [UInt8](data)))
        }
        var outcome = join(&parsed, paths: files)
        outcome.diagnostics = (findDiagnostics + outcome.diagnostics).sortedByLocation()
        if files.isEmpty && findDiagnostics.isEmpty {
            outcome.diagnostics.append(.error(
                "no policy files (*.yaml, *.yml) found in \(searched.joined(separator: ", "))"))
        }
        return outcome
    }

    /// Checks in-memory sources, in the order given; `path` is used in diagnostics.
    public func load(sources: [(path: String, bytes: [UInt8])]) -> Outcome {
        var parsed = parseEach(count: sources.count) { parse(sources[$0]) }
        return join(&parsed, paths: sources.map(\.path))
    }

    /// The files' documents joined into one desired state, with every diagnostic. The documents are
    /// moved out of `files`, so the assembler holds the only copy and frees each role's entries as it
    /// resolves them (at 100,000 bindings, megabytes that would otherwise stay until the end).
    private func join(_ files: inout [ParsedFile], paths: [String]) -> Outcome {
        var diagnostics: [Diagnostic] = []
        var documents: [PolicyDocument] = []
        for index in files.indices {
            documents += files[index].documents
            files[index].documents = []
            diagnostics += files[index].diagnostics
        }
        files = []
        var assembler = DesiredStateAssembler()
        let desired = assembler.assemble(&documents, fileCount: paths.count)
        diagnostics += assembler.diagnostics
        if desired.documentCount == 0 && !paths.isEmpty && !diagnostics.hasErrors {
            if paths.count == 1 {
                diagnostics.append(.error("no policy document found: the file is empty or holds only comments", path: paths[0]))
            } else {
                diagnostics.append(.error("no policy document found in \(paths.count) files: they are empty or hold only comments"))
            }
        }
        return Outcome(desired: desired, diagnostics: diagnostics.sortedByLocation())
    }

    /// One file's documents and diagnostics, before the files are joined.
    struct ParsedFile: Sendable {
        var documents: [PolicyDocument] = []
        var diagnostics: [Diagnostic] = []
    }

    /// Files are independent until they are joined: they are read and parsed on all cores, and the
    /// results kept in the order given, so the outcome does not depend on scheduling.
    func parseEach(count: Int, _ file: @Sendable (Int) -> ParsedFile) -> [ParsedFile] {
        let results = Locked([ParsedFile?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let parsed = file(index)
            results.withLock { $0[index] = parsed }
        }
        return results.withLock { $0.map { $0 ?? ParsedFile() } }
    }

    private func parse(_ source: (path: String, bytes: [UInt8])) -> ParsedFile {
        var parsed = ParsedFile()
        guard source.bytes.count <= maxFileSize else {
            parsed.diagnostics.append(.error("file is larger than \(maxFileSize >> 20) MiB; refusing to read it", path: source.path))
            return parsed
        }
        switch YAMLReader.read(source.bytes, limits: limits) {
        case .failure(let failure):
            parsed.diagnostics.append(.error(failure.message, at: SourceLocation(path: source.path, line: failure.line, column: failure.column)))
        case .success(let yamlDocuments):
            var parser = PolicyDocumentParser(path: source.path)
            for document in yamlDocuments {
                guard let root = document.root, !root.isNull else { continue }
                parsed.documents.append(parser.parse(root))
            }
            parsed.diagnostics += parser.diagnostics
        }
        return parsed
    }
}
