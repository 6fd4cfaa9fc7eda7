import StrictJSON

// The wire types read straight from the answer's bytes by the strict reader: required keys must be
// there, optional ones may be absent or null, other keys are checked and skipped, and a known key
// given twice in one object is refused (which of the two would a plan believe?).

extension LiveRoleObject: JSONReadable {
    public init(json reader: inout JSONReader) throws(JSONError) {
        let start = reader.offset
        var id: String?
        var name: String?
        var hours: Int??
        var resourceIds: [String]?
        var userIds: [String]??
        try reader.readObject { (reader: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key == "id" {
                try reader.read(key, into: &id)
            } else if key == "name" {
                try reader.read(key, into: &name)
            } else if key == "resourceIds" {
                try reader.read(key, into: &resourceIds)
            } else if key == "userIds" {
                try reader.read(key, into: &userIds)
            } else if key == "maxSessionDurationHours" {
                try reader.read(key, into: &hours)
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
        var optional: [String: String?] = [:]
        try reader.readObject { (reader: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key == "id" {
                try reader.read(key, into: &id)
            } else if key == "name" {
                try reader.read(key, into: &name)
            } else if key == "provider" || key == "resourceType" || key == "resourceIdentifier" || key == "region" {
                let text = key.string
                try reader.checkFirst(key, seen: optional[text] != nil)
                optional[text] = .some(try String?(json: &reader))
            } else {
                try reader.skipValue()
            }
        }
        guard let id else { throw reader.missingKey("id", objectAt: start) }
        guard let name else { throw reader.missingKey("name", objectAt: start) }
        self.init(id: id, name: name, provider: optional["provider"] ?? nil, resourceType: optional["resourceType"] ?? nil,
                  resourceIdentifier: optional["resourceIdentifier"] ?? nil, region: optional["region"] ?? nil)
    }
}
