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
                try reader.checkFirst(key, seen: id != nil)
                id = try reader.readString()
            } else if key == "name" {
                try reader.checkFirst(key, seen: name != nil)
                name = try reader.readString()
            } else if key == "resourceIds" {
                try reader.checkFirst(key, seen: resourceIds != nil)
                resourceIds = try [String](json: &reader)
            } else if key == "userIds" {
                try reader.checkFirst(key, seen: userIds != nil)
                userIds = .some(try [String]?(json: &reader))
            } else if key == "maxSessionDurationHours" {
                try reader.checkFirst(key, seen: hours != nil)
                hours = .some(try Int?(json: &reader))
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
                try reader.checkFirst(key, seen: id != nil)
                id = try reader.readString()
            } else if key == "name" {
                try reader.checkFirst(key, seen: name != nil)
                name = try reader.readString()
            } else if key == "description" {
                try reader.checkFirst(key, seen: description != nil)
                description = .some(try String?(json: &reader))
            } else if key == "maxSessionDurationHours" {
                try reader.checkFirst(key, seen: hours != nil)
                hours = .some(try Int?(json: &reader))
            } else if key == "resourceIds" {
                try reader.checkFirst(key, seen: resourceIds != nil)
                resourceIds = try [String](json: &reader)
            } else if key == "userIds" {
                try reader.checkFirst(key, seen: userIds != nil)
                userIds = .some(try [String]?(json: &reader))
            } else if key == "createdAt" {
                try reader.checkFirst(key, seen: createdAt != nil)
                createdAt = .some(try String?(json: &reader))
            } else if key == "updatedAt" {
                try reader.checkFirst(key, seen: updatedAt != nil)
                updatedAt = .some(try String?(json: &reader))
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
                try reader.checkFirst(key, seen: id != nil)
                id = try reader.readString()
            } else if key == "name" {
                try reader.checkFirst(key, seen: name != nil)
                name = try reader.readString()
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
