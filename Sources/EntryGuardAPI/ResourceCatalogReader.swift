import PolicyModel
import StrictJSON

/// What a plan uses of `GET /resources`: the organization's resource ids, and their names for display.
public struct ResourceCatalog: Sendable, Equatable {
    /// Every resource listed with an id that is a UUID.
    public var ids: Set<ResourceID> = []
    /// The names that are not empty, by id.
    public var names: [ResourceID: String] = [:]

    public init(ids: Set<ResourceID> = [], names: [ResourceID: String] = [:]) {
        self.ids = ids
        self.names = names
    }
}

/// Reads a `GET /resources` array straight into a `ResourceCatalog`: each id parsed from its bytes,
/// each name kept, every other member checked as JSON and skipped. Decoding `ResourceObject`s first
/// made six strings of each resource (42,000 at 7,000 resources) for the two a plan reads, and took
/// longer than the `GET /roles` of 2,000 roles read beside it.
///
/// The JSON and the two members a resource must have are checked as `ResourceObject` checks them:
/// a missing `id` or `name`, one that is not a string or one given twice is an error. A resource
/// whose id is not a UUID is left out, as the plan cannot name it.
struct ResourceCatalogReader {
    static func read(_ reader: inout JSONReader) throws(JSONError) -> ResourceCatalog {
        var catalog = ResourceCatalog()
        try reader.readArray { (reader: inout JSONReader) throws(JSONError) in
            let start = reader.offset
            // nil absent; .some(nil) a string that is not a UUID.
            var id: ResourceID??
            var name: String?
            try reader.readObject { (reader: inout JSONReader, key: JSONKey) throws(JSONError) in
                if key == "id" {
                    try reader.checkFirst(key, seen: id != nil)
                    id = .some(try reader.readString { ResourceID(utf8: $0) })
                } else if key == "name" {
                    try reader.read(key, into: &name)
                } else {
                    try reader.skipValue()
                }
            }
            guard let id else { throw reader.missingKey("id", objectAt: start) }
            guard let name else { throw reader.missingKey("name", objectAt: start) }
            guard let id else { return }
            catalog.ids.insert(id)
            if !name.isEmpty { catalog.names[id] = name }
        }
        return catalog
    }
}
