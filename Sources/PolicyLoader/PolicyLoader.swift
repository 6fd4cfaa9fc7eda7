import Dispatch
import Foundation
import PolicyModel
import Synchronization

/// Reads policy files into the desired state, with every diagnostic of CONTRACT §2.
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
        var sources: [(path: String, bytes: [UInt8])] = []
        var diagnostics = findDiagnostics
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                diagnostics.append(.error("cannot read file", path: file))
                continue
            }
            sources.append((file, [UInt8](data)))
        }
        var outcome = load(sources: sources)
        outcome.diagnostics = (diagnostics + outcome.diagnostics).sortedByLocation()
        if files.isEmpty && findDiagnostics.isEmpty {
            outcome.diagnostics.append(.error(
                "no policy files (*.yaml, *.yml) found in \(searched.joined(separator: ", "))"))
        }
        return outcome
    }

    /// Checks in-memory sources, in the order given; `path` is used in diagnostics.
    public func load(sources: [(path: String, bytes: [UInt8])]) -> Outcome {
        var diagnostics: [Diagnostic] = []
        var documents: [PolicyDocument] = []
        for parsed in parseEach(sources) {
            documents += parsed.documents
            diagnostics += parsed.diagnostics
        }
        var assembler = DesiredStateAssembler()
        let desired = assembler.assemble(documents, fileCount: sources.count)
        diagnostics += assembler.diagnostics
        if desired.documentCount == 0 && !sources.isEmpty && !diagnostics.hasErrors {
            if sources.count == 1 {
                diagnostics.append(.error("no policy document found: the file is empty or holds only comments", path: sources[0].path))
            } else {
                diagnostics.append(.error("no policy document found in \(sources.count) files: they are empty or hold only comments"))
            }
        }
        return Outcome(desired: desired, diagnostics: diagnostics.map(\.printable).sortedByLocation())
    }

    /// One file's documents and diagnostics, before the files are joined.
    struct ParsedFile: Sendable {
        var documents: [PolicyDocument] = []
        var diagnostics: [Diagnostic] = []
    }

    /// Files are independent until they are joined: they are parsed on all cores, and the results
    /// kept in the order given, so the outcome does not depend on scheduling.
    func parseEach(_ sources: [(path: String, bytes: [UInt8])]) -> [ParsedFile] {
        let results = Mutex([ParsedFile?](repeating: nil, count: sources.count))
        DispatchQueue.concurrentPerform(iterations: sources.count) { index in
            let parsed = parse(sources[index])
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
