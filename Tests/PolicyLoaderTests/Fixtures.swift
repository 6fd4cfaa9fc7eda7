import Foundation
import PolicyLoader
import PolicyModel

/// The fixture folders copied into the test bundle.
enum Fixtures {
    static let root: String = Bundle.module.resourceURL!.appendingPathComponent("Fixtures").path

    static func path(_ relative: String) -> String {
        root + "/" + relative
    }

    /// Loads fixtures and returns diagnostics as printed, with the fixture folder's prefix removed.
    static func diagnostics(loading relative: String, under folder: String) -> [String] {
        let base = path(folder) + "/"
        // As printed: escaped at the sink, the way `Console` and the annotations escape them.
        return PolicyLoader().load(paths: [base + relative]).diagnostics.map {
            $0.printable.description.replacingOccurrences(of: base, with: "")
        }
    }
}
