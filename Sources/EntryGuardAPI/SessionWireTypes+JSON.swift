import StrictJSON

// Users and sessions read straight from the answer's bytes by the strict reader, as the role
// objects are: required keys must be there, optional ones may be absent or null, other keys are
// checked and skipped, and a known key given twice in one object is refused.

extension UserObject: JSONReadable {
    public init(json reader: inout JSONReader) throws(JSONError) {
        let start = reader.offset
        var id: String?
        var email: String?
        var name: String??
        var roleNames: [String]??
        try reader.readObject { (reader: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key == "id" {
                try reader.checkFirst(key, seen: id != nil)
                id = try reader.readString()
            } else if key == "email" {
                try reader.checkFirst(key, seen: email != nil)
                email = try reader.readString()
            } else if key == "name" {
                try reader.checkFirst(key, seen: name != nil)
                name = .some(try String?(json: &reader))
            } else if key == "roleNames" {
                try reader.checkFirst(key, seen: roleNames != nil)
                roleNames = .some(try [String]?(json: &reader))
            } else {
                try reader.skipValue()
            }
        }
        guard let id else { throw reader.missingKey("id", objectAt: start) }
        guard let email else { throw reader.missingKey("email", objectAt: start) }
        self.init(id: id, email: email, name: name ?? nil, roleNames: roleNames ?? nil)
    }
}

extension SessionObject: JSONReadable {
    public init(json reader: inout JSONReader) throws(JSONError) {
        let start = reader.offset
        var id: String?
        var userId: String?
        var userEmail: String??
        var status: String?
        var expiresAt: String?
        var resourceIps: [ResourceIPObject]??
        try reader.readObject { (reader: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key == "id" {
                try reader.checkFirst(key, seen: id != nil)
                id = try reader.readString()
            } else if key == "userId" {
                try reader.checkFirst(key, seen: userId != nil)
                userId = try reader.readString()
            } else if key == "userEmail" {
                try reader.checkFirst(key, seen: userEmail != nil)
                userEmail = .some(try String?(json: &reader))
            } else if key == "status" {
                try reader.checkFirst(key, seen: status != nil)
                status = try reader.readString()
            } else if key == "expiresAt" {
                try reader.checkFirst(key, seen: expiresAt != nil)
                expiresAt = try reader.readString()
            } else if key == "resourceIps" {
                try reader.checkFirst(key, seen: resourceIps != nil)
                resourceIps = .some(try [ResourceIPObject]?(json: &reader))
            } else {
                try reader.skipValue()
            }
        }
        guard let id else { throw reader.missingKey("id", objectAt: start) }
        guard let userId else { throw reader.missingKey("userId", objectAt: start) }
        guard let status else { throw reader.missingKey("status", objectAt: start) }
        guard let expiresAt else { throw reader.missingKey("expiresAt", objectAt: start) }
        self.init(id: id, userId: userId, userEmail: userEmail ?? nil, status: status, expiresAt: expiresAt,
                  resourceIps: resourceIps ?? nil)
    }
}

extension ResourceIPObject: JSONReadable {
    public init(json reader: inout JSONReader) throws(JSONError) {
        let start = reader.offset
        var resourceId: String?
        var status: String?
        try reader.readObject { (reader: inout JSONReader, key: JSONKey) throws(JSONError) in
            if key == "resourceId" {
                try reader.checkFirst(key, seen: resourceId != nil)
                resourceId = try reader.readString()
            } else if key == "status" {
                try reader.checkFirst(key, seen: status != nil)
                status = try reader.readString()
            } else {
                try reader.skipValue()
            }
        }
        guard let resourceId else { throw reader.missingKey("resourceId", objectAt: start) }
        guard let status else { throw reader.missingKey("status", objectAt: start) }
        self.init(resourceId: resourceId, status: status)
    }
}
