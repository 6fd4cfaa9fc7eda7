import StrictJSON

// The wire types read straight from the answer's bytes by the strict reader: required keys must be
// there, optional ones may be absent or null, other keys are checked and skipped, and a known key
// given twice in one object is refused (which of the two would a plan believe?).

extension RoleObject: JSONReadable {
    public init(json reader: inout JSONReader) throws(JSONError) {
        let start = reader.offset
        var id: String?
        var name: String?
        var description: String??
        var hours: Int??
        var resourceIds: [String]?
        var userIds: [String]??
        var createdAt: String??
        var updatedAt: String??
        try reader.readObject { (reader: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key == "id" {
                try reader.read(key, into: &id)
            } else if key == "name" {
                try reader.read(key, into: &name)
            } else if key == "description" {
                try reader.read(key, into: &description)
            } else if key == "maxSessionDurationHours" {
                try reader.read(key, into: &hours)
            } else if key == "resourceIds" {
                try reader.read(key, into: &resourceIds)
            } else if key == "userIds" {
                try reader.read(key, into: &userIds)
            } else if key == "createdAt" {
                try reader.read(key, into: &createdAt)
            } else if key == "updatedAt" {
                try reader.read(key, into: &updatedAt)
            } else {
                try reader.skipValue()
            }
        }
        guard let id else { throw reader.missingKey("id", objectAt: start) }
        guard let name else { throw reader.missingKey("name", objectAt: start) }
        guard let resourceIds else { throw reader.missingKey("resourceIds", objectAt: start) }
        self.init(id: id, name: name, description: description ?? nil, maxSessionDurationHours: hours ?? nil, resourceIds: resourceIds,
                  userIds: userIds ?? nil, createdAt: createdAt ?? nil, updatedAt: updatedAt ?? nil)
    }
}

extension ResourceObject: JSONReadable {
    public init(json reader: inout JSONReader) throws(JSONError) {
        let start = reader.offset
        var id: String?
        var name: String?
        // Nullable members: nil absent, .some(nil) null. (Locals, not a dictionary: an organization
        // lists thousands of resources.)
        var provider: String??
        var resourceType: String??
        var resourceIdentifier: String??
        var region: String??
        try reader.readObject { (reader: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key == "id" {
                try reader.read(key, into: &id)
            } else if key == "name" {
                try reader.read(key, into: &name)
            } else if key == "provider" {
                try reader.read(key, into: &provider)
            } else if key == "resourceType" {
                try reader.read(key, into: &resourceType)
            } else if key == "resourceIdentifier" {
                try reader.read(key, into: &resourceIdentifier)
            } else if key == "region" {
                try reader.read(key, into: &region)
            } else {
                try reader.skipValue()
            }
        }
        guard let id else { throw reader.missingKey("id", objectAt: start) }
        guard let name else { throw reader.missingKey("name", objectAt: start) }
        self.init(id: id, name: name, provider: provider ?? nil, resourceType: resourceType ?? nil,
                  resourceIdentifier: resourceIdentifier ?? nil, region: region ?? nil)
    }
}
