import Foundation
import PolicyModel

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
        for source in sources {
            guard source.bytes.count <= maxFileSize else {
                diagnostics.append(.error("file is larger than \(maxFileSize >> 20) MiB; refusing to read it", path: source.path))
                continue
            }
            switch YAMLReader.read(source.bytes, limits: limits) {
            case .failure(let failure):
                diagnostics.append(.error(failure.message, at: SourceLocation(path: source.path, line: failure.line, column: failure.column)))
            case .success(let yamlDocuments):
                var parser = PolicyDocumentParser(path: source.path)
                for document in yamlDocuments {
                    guard let root = document.root, !root.isNull else { continue }
                    documents.append(parser.parse(root))
                }
                diagnostics += parser.diagnostics
            }
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
}
